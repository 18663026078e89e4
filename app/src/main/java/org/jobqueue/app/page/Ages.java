package org.jobqueue.app.page;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as people read them: {@code 42s}, {@code 3m 12s}, {@code 2h 5m}, {@code 3d 4h}. */
final class Ages {
    private Ages() {}

    static String of(final long millis) {
        final long seconds = Math.max(0, millis) / 1000;
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m " + seconds % 60 + "s";
        if (seconds < 86_400) return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    /** How long ago (or, with {@code in }, how long until) the ISO-8601 instant {@code text} is; empty if none. */
    static String since(final String text, final long now) {
        if (text == null || text.isEmpty()) return "";
        try {
            final long at = Instant.parse(text).toEpochMilli();
            return at <= now ? of(now - at) + " ago" : "in " + of(at - now);
        } catch (final DateTimeParseException notAnInstant) {
            return "";
        }
    }
}
