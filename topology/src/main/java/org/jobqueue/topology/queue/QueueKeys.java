package org.jobqueue.topology.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.jobqueue.schemas.Priority;

/**
 * Byte layouts of the queue's index keys, designed for the scans that use them: fixed-width big-endian numbers first,
 * so that a byte-order range scan returns entries in release order or due order.
 *
 * <ul>
 *   <li>ready: {@code lane(1) | round(8) | type(utf-8) | 0x00 | seq(8)}: by lane, then round-robin over types, then
 *       arrival;
 *   <li>due: {@code time(8) | id(utf-8)}: delayed jobs by due time, claims by expiry time.
 * </ul>
 */
public final class QueueKeys {
    private static final int LONG = Long.BYTES;

    private QueueKeys() {}

    public static Bytes ready(final Priority lane, final long round, final String type, final long seq) {
        final byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + LONG + typeBytes.length + 1 + LONG)
                .put((byte) lane.ordinal())
                .putLong(round)
                .put(typeBytes)
                .put((byte) 0)
                .putLong(seq)
                .array());
    }

    /** The first key of a lane. */
    public static Bytes laneStart(final Priority lane) {
        return Bytes.wrap(new byte[] {(byte) lane.ordinal()});
    }

    /** The first key after a lane. */
    public static Bytes laneEnd(final Priority lane) {
        return Bytes.wrap(new byte[] {(byte) (lane.ordinal() + 1)});
    }

    public static long roundOf(final Bytes readyKey) {
        return ByteBuffer.wrap(readyKey.get(), 1, LONG).getLong();
    }

    public static Bytes due(final long time, final String id) {
        final byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(LONG + idBytes.length)
                .putLong(time)
                .put(idBytes)
                .array());
    }

    /** The first key due after {@code time}: a range scan up to it returns everything due at or before it. */
    public static Bytes dueAfter(final long time) {
        return Bytes.wrap(ByteBuffer.allocate(LONG).putLong(time + 1).array());
    }

    public static Bytes dueFromStart() {
        return Bytes.wrap(new byte[LONG]);
    }
}
