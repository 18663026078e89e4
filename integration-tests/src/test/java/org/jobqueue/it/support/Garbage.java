package org.jobqueue.it.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Bad input for a job topic, of every kind intake must turn away: bytes that are not UTF-8 or not JSON, JSON that is
 * not one object, objects that break the {@code mediawiki/job/1.0.0} schema one rule at a time, and records that are
 * empty, too large or nested too deep for the parser. Each is unique (it carries its number), so that a test can find
 * it again in the invalid topic.
 */
public final class Garbage {
    /** One bad record: what kind of bad it is, and its value ({@code null}: a tombstone). */
    public record Bad(String kind, byte[] value) {}

    /** A {@code queue.max_event_bytes} below the "too large" kind and above every other kind. */
    public static final int MAX_EVENT_BYTES = 16_384;

    private record Kind(String name, IntFunction<String> json) {}

    private static final String DT = Instant.parse("2026-01-01T00:00:00Z").toString();
    private static final List<Kind> JSON_KINDS = List.of(
            new Kind("not JSON", n -> "this is not JSON " + n),
            new Kind("truncated", n -> valid(n).substring(0, valid(n).length() / 2)),
            new Kind("array", n -> "[" + valid(n) + "]"),
            new Kind("number", n -> Integer.toString(n)),
            new Kind("string", n -> "\"job " + n + "\""),
            new Kind("two objects", n -> valid(n) + " " + valid(n)),
            new Kind("no $schema", n -> valid(n).replace("\"$schema\":\"/mediawiki/job/1.0.0\",", "")),
            new Kind("no database", n -> valid(n).replace("\"database\":\"enwiki\",", "")),
            new Kind("empty database", n -> valid(n).replace("\"database\":\"enwiki\"", "\"database\":\"\"")),
            new Kind("no type", n -> valid(n).replace(",\"type\":\"refreshLinks\"", "")),
            new Kind("empty type", n -> valid(n).replace("\"type\":\"refreshLinks\"", "\"type\":\"\"")),
            new Kind("no meta.dt", n -> valid(n).replace("\"dt\":\"" + DT + "\",", "")),
            new Kind("no meta.stream", n -> valid(n).replace(",\"stream\":\"mediawiki.job.refreshLinks\"", "")),
            new Kind(
                    "meta not an object",
                    n -> "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":\"" + n
                            + "\",\"database\":\"enwiki\",\"type\":\"refreshLinks\"}"),
            new Kind("database a number", n -> valid(n).replace("\"database\":\"enwiki\"", "\"database\":42")),
            new Kind("params a string", n -> valid(n).replace("}}", "},\"params\":\"x\"}")),
            new Kind("page_namespace a string", n -> valid(n).replace("}}", "},\"page_namespace\":\"zero\"}")),
            new Kind("meta.dt not a date-time", n -> valid(n).replace(DT, "yesterday")),
            new Kind(
                    "delay_until out of range",
                    n -> valid(n).replace("}}", "},\"delay_until\":\"2026-13-45T25:61:00Z\"}")),
            new Kind(
                    "root_event without signature",
                    n -> valid(n).replace("}}", "},\"root_event\":{\"dt\":\"" + DT + "\"}}")),
            new Kind(
                    "nested too deep",
                    n -> valid(n).replace(
                                    "}}", "},\"params\":{\"deep\":" + "[".repeat(3000) + "]".repeat(3000) + "}}")),
            new Kind(
                    "too large",
                    n -> valid(n).replace("}}", "},\"params\":{\"padding\":\"" + "x".repeat(20_000) + "\"}}")));
    private static final int KINDS = JSON_KINDS.size() + 3;

    private Garbage() {}

    /** The {@code n}th bad record: the kinds take turns. */
    public static Bad nth(final int n) {
        final int kind = n % KINDS;
        if (kind < JSON_KINDS.size()) {
            final Kind json = JSON_KINDS.get(kind);
            return new Bad(json.name(), json.json().apply(n).getBytes(StandardCharsets.UTF_8));
        }
        return switch (kind - JSON_KINDS.size()) {
            case 0 -> new Bad("invalid UTF-8", invalidUtf8(n));
            case 1 -> new Bad("empty", new byte[0]);
            default -> new Bad("tombstone", null);
        };
    }

    /** A valid event (number {@code n}) that each kind breaks in one way. */
    private static String valid(final int n) {
        return "{\"$schema\":\"/mediawiki/job/1.0.0\",\"database\":\"enwiki\",\"type\":\"refreshLinks\",\"meta\":{\"id\":\"bad-"
                + n + "\",\"dt\":\"" + DT + "\",\"stream\":\"mediawiki.job.refreshLinks\"}}";
    }

    /** A valid event but for its title, where a lead byte (0xC3) is followed by a byte that cannot continue it. */
    private static byte[] invalidUtf8(final int n) {
        final String text = valid(n).replace("}}", "},\"page_title\":\"Caf__\"}");
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int at = text.indexOf("__");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;
        return bytes;
    }
}
