package org.jobqueue.serdes.json;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/** Reads the RFC 3339 date-times of job events: {@code Z} or a numeric offset, any fraction of a second. */
final class DateTimes {
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();
    private static final long UNREAD = Long.MIN_VALUE;
    private static final int UTC_LENGTH = "2026-01-05T00:00:00Z".length();

    private DateTimes() {}

    /** @throws RejectedEventException naming {@code field} if {@code text} is not a date-time java.time can read */
    static long toEpochMillis(final String text, final String field) {
        final long utc = utcEpochMillis(text);
        if (utc != UNREAD) return utc;
        try {
            return OffsetDateTime.parse(text, RFC_3339).toInstant().toEpochMilli();
        } catch (final DateTimeException | ArithmeticException e) {
            throw new RejectedEventException("date-time: " + field + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * MediaWiki's own shape, {@code 2026-01-05T12:34:56Z} with an optional fraction, read without java.time's general
     * parser (about a sixth of intake's time otherwise); anything else is {@link #UNREAD} and goes the general way.
     */
    static long utcEpochMillis(final String text) {
        final int length = text.length();
        if (length < UTC_LENGTH || !isSeparator(text, length - 1, 'Z')) return UNREAD;
        if (!isSeparator(text, 4, '-') || !isSeparator(text, 7, '-') || !isSeparator(text, 10, 'T')) return UNREAD;
        if (!isSeparator(text, 13, ':') || !isSeparator(text, 16, ':')) return UNREAD;
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 2);
        final int dayOfMonth = digits(text, 8, 2);
        final int hour = digits(text, 11, 2);
        final int minute = digits(text, 14, 2);
        final int second = digits(text, 17, 2);
        final int millis = fractionMillis(text, length);
        if ((year | month | dayOfMonth | hour | minute | second | millis) < 0) return UNREAD;
        if (hour > 23 || minute > 59 || second > 59) return UNREAD;
        final long day;
        try {
            day = LocalDate.of(year, month, dayOfMonth).toEpochDay();
        } catch (final DateTimeException e) {
            return UNREAD;
        }
        return ((day * 24 + hour) * 60 + minute) * 60_000L + second * 1_000L + millis;
    }

    private static boolean isSeparator(final String text, final int at, final char separator) {
        return Character.toUpperCase(text.charAt(at)) == separator;
    }

    /** The milliseconds of an optional {@code .fraction} before the final {@code Z}; -1 if it is malformed. */
    private static int fractionMillis(final String text, final int length) {
        if (length == UTC_LENGTH) return 0;
        if (text.charAt(UTC_LENGTH - 1) != '.' || length == UTC_LENGTH + 1) return -1;
        int millis = 0;
        for (int at = UTC_LENGTH; at < length - 1; at++) {
            final int digit = text.charAt(at) - '0';
            if (digit < 0 || digit > 9) return -1;
            if (at < UTC_LENGTH + 3) millis = millis * 10 + digit;
        }
        for (int at = Math.min(length - 1, UTC_LENGTH + 3); at < UTC_LENGTH + 3; at++) millis *= 10;
        return millis;
    }

    /** The value of {@code count} ASCII digits at {@code from}; -1 if any is not one. */
    private static int digits(final String text, final int from, final int count) {
        int value = 0;
        for (int at = from; at < from + count; at++) {
            final int digit = text.charAt(at) - '0';
            if (digit < 0 || digit > 9) return -1;
            value = value * 10 + digit;
        }
        return value;
    }
}
