package org.jobqueue.topology.queue.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Byte layout of the held-jobs index: {@code dc(utf-8) | 0x00 | createdAt(8) | jobKey(utf-8)}. A range scan from a
 * DC's prefix up to a time returns that DC's held jobs created up to it, oldest first: what a takeover releases and
 * what the horizon expires.
 */
public final class HeldKeys {
    private HeldKeys() {}

    public static Bytes held(final String dc, final long createdAt, final String jobKey) {
        final byte[] prefix = dcPrefix(dc).get();
        final byte[] key = jobKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES + key.length)
                .put(prefix)
                .putLong(createdAt)
                .put(key)
                .array());
    }

    public static Bytes dcPrefix(final String dc) {
        final byte[] name = dc.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(
                ByteBuffer.allocate(name.length + 1).put(name).put((byte) 0).array());
    }

    /** The first key of {@code dc} created after {@code time}. */
    public static Bytes createdAfter(final String dc, final long time) {
        final byte[] prefix = dcPrefix(dc).get();
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES)
                .put(prefix)
                .putLong(time + 1)
                .array());
    }
}
