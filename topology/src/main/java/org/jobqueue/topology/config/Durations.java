package org.jobqueue.topology.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of the configuration: a whole number followed by {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(final String text) {
        final Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: expected a whole number and one of ms, s, m, h, d (e.g. 60s)");
        }
        final long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public static String format(final Duration duration) {
        final long millis = duration.toMillis();
        if (millis % 86_400_000L == 0 && millis > 0) return millis / 86_400_000L + "d";
        if (millis % 3_600_000L == 0 && millis > 0) return millis / 3_600_000L + "h";
        if (millis % 60_000L == 0 && millis > 0) return millis / 60_000L + "m";
        if (millis % 1_000L == 0) return millis / 1_000L + "s";
        return millis + "ms";
    }
}
