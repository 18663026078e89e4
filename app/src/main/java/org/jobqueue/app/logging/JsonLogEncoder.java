package org.jobqueue.app.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Logback's {@link JsonEncoder}, one object per line, with what a log collector needs: {@code time} (ISO 8601, UTC,
 * milliseconds), {@code level}, {@code threadName}, {@code loggerName}, key-value pairs when there are any,
 * {@code formattedMessage}, and the exception as {@code throwable} ({@code null} when none).
 */
public final class JsonLogEncoder extends JsonEncoder {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    public JsonLogEncoder() {
        setWithSequenceNumber(false);
        setWithTimestamp(false);
        setWithNanoseconds(false);
        setWithContext(false);
        setWithMDC(false);
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }

    // JsonEncoder writes the time as epoch milliseconds only; the ISO time goes first, where people look for it.
    @Override
    public byte[] encode(final ILoggingEvent event) {
        final String object = new String(super.encode(event), StandardCharsets.UTF_8);
        final String time = "{\"time\":\"" + TIME.format(event.getInstant()) + "\",";
        return (time + object.substring(1)).getBytes(StandardCharsets.UTF_8);
    }
}
