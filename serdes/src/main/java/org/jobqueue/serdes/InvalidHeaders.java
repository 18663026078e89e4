package org.jobqueue.serdes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;

/** Header names on records of the invalid topic, and how they are written. */
public final class InvalidHeaders {
    public static final String REASON = "jobqueue.invalid.reason";
    public static final String SOURCE_TOPIC = "jobqueue.source.topic";
    public static final String SOURCE_PARTITION = "jobqueue.source.partition";
    public static final String SOURCE_OFFSET = "jobqueue.source.offset";
    /** Set when the key or value was cut to fit the topic: what, its size, and how much was kept. */
    public static final String TRUNCATED = "jobqueue.invalid.truncated";

    private InvalidHeaders() {}

    /** Adds where the record came from. */
    public static void addSource(final Headers headers, final String topic, final int partition, final long offset) {
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    }

    /**
     * {@code bytes}, or their first {@code max} when there are more, saying so in a {@link #TRUNCATED} header naming
     * {@code what} (key or value).
     */
    public static byte[] cut(final byte[] bytes, final int max, final String what, final Headers headers) {
        if (bytes == null || bytes.length <= max) return bytes;
        headers.add(TRUNCATED, utf8(what + " of " + bytes.length + " bytes, first " + max + " kept"));
        return Arrays.copyOf(bytes, max);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
