package org.jobqueue.serdes;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A takeover fence: a record that {@code jobqueue replay} appends to every partition of another data centre's mirrored
 * results topic. Its value is empty and its header carries the takeover time. A partition that reads it has read every
 * result mirrored before it, so it may run that DC's jobs created up to the takeover time without running again one
 * that the other DC already ran.
 */
public final class Fences {
    /** The header that makes a results record a fence; its value is the takeover time, 8 bytes big-endian. */
    public static final String HEADER = "jobqueue.fence";

    private Fences() {}

    public static String key(final String dc) {
        return "fence|" + dc;
    }

    public static Header header(final long takeoverTime) {
        return new RecordHeader(
                HEADER, ByteBuffer.allocate(Long.BYTES).putLong(takeoverTime).array());
    }

    /** The takeover time if {@code headers} make a fence. */
    public static OptionalLong timeOf(final Headers headers) {
        final Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(header.value()).getLong());
    }
}
