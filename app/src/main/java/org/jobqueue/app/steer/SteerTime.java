package org.jobqueue.app.steer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jobqueue.topology.config.Durations;

/**
 * The TIME of {@code --since} and {@code --until}: an ISO-8601 instant with its offset ({@code 2026-12-02T15:00:00Z})
 * or a duration ({@code 30m}, {@code 2h}, {@code 1d}) before now for {@code --since}, after now for {@code --until}.
 */
final class SteerTime {
    /** Which way from now a duration counts. */
    enum Direction {
        AGO,
        AHEAD
    }

    private SteerTime() {}

    /** {@code option} names the flag in error messages, which are {@link IllegalArgumentException}s. */
    static Instant parse(final String text, final Direction direction, final Clock clock, final String option) {
        final String trimmed = text.trim();
        if (startsLikeDuration(trimmed)) return relative(trimmed, direction, clock, option);
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (final DateTimeParseException notIso) {
            throw new IllegalArgumentException(option + " '" + text + "': expected an ISO-8601 time with its offset"
                    + " (2026-12-02T15:00:00Z) or a duration " + wayOf(direction) + " (30m, 2h, 1d)");
        }
    }

    private static boolean startsLikeDuration(final String text) {
        return !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+' || !text.contains("T"));
    }

    // A sign is allowed when it agrees with the direction: '-2h' for --since (as replay's --from takes it), '+2h'
    // for --until.
    private static Instant relative(
            final String text, final Direction direction, final Clock clock, final String option) {
        final char sign = text.charAt(0);
        if ((sign == '-' && direction == Direction.AHEAD) || (sign == '+' && direction == Direction.AGO)) {
            throw new IllegalArgumentException(
                    option + " '" + text + "': takes a duration " + wayOf(direction) + ", without '" + sign + "'");
        }
        final String amount = sign == '-' || sign == '+' ? text.substring(1) : text;
        final Duration duration;
        try {
            duration = Durations.parse(amount);
        } catch (final IllegalArgumentException bad) {
            throw new IllegalArgumentException(option + " '" + text + "': expected an ISO-8601 time with its offset"
                    + " (2026-12-02T15:00:00Z) or a whole number and a unit of ms, s, m, h or d (30m, 2h, 1d)");
        }
        final Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return direction == Direction.AGO ? now.minus(duration) : now.plus(duration);
    }

    private static String wayOf(final Direction direction) {
        return direction == Direction.AGO ? "ago" : "from now";
    }
}
