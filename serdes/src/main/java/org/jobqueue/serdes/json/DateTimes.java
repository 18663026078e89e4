package org.jobqueue.serdes.json;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/** Reads the RFC 3339 date-times of job events: {@code Z} or a numeric offset, any fraction of a second. */
final class DateTimes {
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    private DateTimes() {}

    /** @throws RejectedEventException naming {@code field} if {@code text} is not a date-time java.time can read */
    static long toEpochMillis(final String text, final String field) {
        try {
            return OffsetDateTime.parse(text, RFC_3339).toInstant().toEpochMilli();
        } catch (final DateTimeException | ArithmeticException e) {
            throw new RejectedEventException("date-time: " + field + " cannot be read: " + e.getMessage());
        }
    }
}
