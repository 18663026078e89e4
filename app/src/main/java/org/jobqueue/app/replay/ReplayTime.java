package org.jobqueue.app.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jobqueue.topology.config.Durations;

/** The {@code --from} time of a replay: ISO-8601 ({@code 2026-11-28T10:00:00Z}) or relative to now ({@code -15m}). */
final class ReplayTime {
    private ReplayTime() {}

    static Instant parse(final String text, final Clock clock) {
        final String trimmed = text.trim();
        if (trimmed.startsWith("-")) return clock.instant().minus(relative(trimmed.substring(1), text));
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (final DateTimeParseException notIso) {
            throw new IllegalArgumentException("--from '" + text
                    + "': expected an ISO-8601 time with its offset (2026-11-28T10:00:00Z) or a time ago (-15m, -2h)");
        }
    }

    private static Duration relative(final String amount, final String text) {
        try {
            return Durations.parse(amount);
        } catch (final IllegalArgumentException bad) {
            throw new IllegalArgumentException(
                    "--from '" + text + "': a time ago takes a number and a unit of ms, s, m, h or d (-15m)");
        }
    }
}
