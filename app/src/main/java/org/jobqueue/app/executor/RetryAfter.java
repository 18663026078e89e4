package org.jobqueue.app.executor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date. */
final class RetryAfter {
    // Far beyond any wait the executor honours, and small enough that no arithmetic on it overflows.
    private static final Duration LONGEST = Duration.ofDays(1);
    private static final int MAX_SECONDS_DIGITS = 9;

    private RetryAfter() {}

    /**
     * The wait {@code value} asks for, from {@code now}: zero for a date in the past, at most a day; empty when the
     * value is neither a number of seconds nor an HTTP date.
     */
    static Optional<Duration> parse(final String value, final Instant now) {
        final String text = value.strip();
        if (text.isEmpty()) return Optional.empty();
        if (text.chars().allMatch(Character::isDigit)) return Optional.of(seconds(text));
        try {
            final Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(bounded(Duration.between(now, at)));
        } catch (final DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Duration seconds(final String digits) {
        if (digits.length() > MAX_SECONDS_DIGITS) return LONGEST;
        return bounded(Duration.ofSeconds(Long.parseLong(digits)));
    }

    private static Duration bounded(final Duration wait) {
        if (wait.isNegative()) return Duration.ZERO;
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
