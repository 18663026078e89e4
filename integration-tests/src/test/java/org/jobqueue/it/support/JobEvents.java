package org.jobqueue.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Realistic {@code mediawiki/job/1.0.0} events, as MediaWiki's EventBus writes them: unique ids and sha1s. */
public final class JobEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PAGES = new AtomicInteger();

    private JobEvents() {}

    /** One job event and the ids a test checks it by. */
    public record JobEvent(
            String type, String database, String eventId, String sha1, Instant delayUntil, byte[] json) {}

    /** A job of {@code type} on enwiki that is due now. */
    public static JobEvent job(final String type) {
        return event(type, null);
    }

    /** A job of {@code type} on enwiki that must not run before {@code delayUntil}. */
    public static JobEvent delayedJob(final String type, final Instant delayUntil) {
        return event(type, delayUntil);
    }

    /**
     * The smallest valid job event: only the required fields, an id and, unless {@code delayUntil} is null, a due
     * time. For tests that load a million jobs; its job key is {@code enwiki|id|<eventId>}.
     */
    public static byte[] minimalJob(final String type, final String eventId, final Instant delayUntil) {
        final String due = delayUntil == null ? "" : ",\"delay_until\":\"" + delayUntil + "\"";
        return ("{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{\"id\":\"" + eventId + "\",\"dt\":\"" + Instant.now()
                        + "\",\"stream\":\"mediawiki.job." + type + "\"},\"database\":\"enwiki\",\"type\":\"" + type
                        + "\"" + due + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JobEvent event(final String type, final Instant delayUntil) {
        final String database = "enwiki";
        final String title = "Page_" + PAGES.incrementAndGet();
        final String eventId = UUID.randomUUID().toString();
        final String sha1 = sha1(database + "|" + type + "|" + title + "|" + eventId);
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        event.set("meta", meta(type, eventId, title));
        event.put("database", database);
        event.put("type", type);
        event.put("page_namespace", 0);
        event.put("page_title", title);
        event.put("sha1", sha1);
        if (delayUntil != null) event.put("delay_until", delayUntil.toString());
        event.set("params", params(title, delayUntil));
        return new JobEvent(type, database, eventId, sha1, delayUntil, bytes(event));
    }

    private static ObjectNode meta(final String type, final String eventId, final String title) {
        final ObjectNode meta = JSON.createObjectNode();
        meta.put("uri", "https://en.wikipedia.org/wiki/" + title);
        meta.put("request_id", UUID.randomUUID().toString());
        meta.put("id", eventId);
        meta.put("dt", Instant.now().toString());
        meta.put("domain", "en.wikipedia.org");
        meta.put("stream", "mediawiki.job." + type);
        return meta;
    }

    private static ObjectNode params(final String title, final Instant delayUntil) {
        final ObjectNode params = JSON.createObjectNode();
        params.put("namespace", 0);
        params.put("title", title);
        params.put("requestId", UUID.randomUUID().toString().replace("-", ""));
        params.put("causeAction", "page-edit");
        params.put("causeAgent", "unknown");
        if (delayUntil != null) params.put("jobReleaseTimestamp", delayUntil.getEpochSecond());
        return params;
    }

    private static byte[] bytes(final ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(final String text) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
