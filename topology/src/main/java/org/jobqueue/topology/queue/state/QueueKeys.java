package org.jobqueue.topology.queue.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import org.apache.kafka.common.utils.Bytes;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.topology.config.LaneNames;

/**
 * Byte layouts of the queue's index keys, designed for the scans that use them: fixed-width big-endian numbers, and
 * prefixes that group what one scan reads.
 *
 * <p>A lane is one byte, its {@link LaneNames#keyByte}.
 *
 * <ul>
 *   <li>ready: {@code lane(1) | type(utf-8) | 0x00 | seq(8)}: a prefix scan of {@code lane | type | 0x00} returns one
 *       type's ready jobs in arrival order;
 *   <li>paused: {@code lane(1) | type(utf-8) | 0x00 | database(utf-8) | 0x00 | seq(8)}: the ready jobs that a pause of a
 *       type on one database holds, grouped so that one seek steps over a group still paused; the seq is the job's
 *       ready key's, so that it goes back to its place;
 *   <li>lane type: {@code lane(1) | type(utf-8)}: the types that have ready jobs in a lane;
 *   <li>due: {@code time(8) | id(utf-8)}: delayed jobs by due time, claims by expiry time.
 * </ul>
 */
public final class QueueKeys {
    private static final int LONG = Long.BYTES;

    private QueueKeys() {}

    public static Bytes ready(final String lane, final String type, final long seq) {
        final byte[] prefix = typePrefix(lane, type).get();
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + LONG)
                .put(prefix)
                .putLong(seq)
                .array());
    }

    /** The id of the command of attempt {@code attempt} of the job {@code eventId}: the key of {@code queue-in-flight}. */
    public static String commandId(final String eventId, final int attempt) {
        return commandIdPrefix(eventId) + attempt;
    }

    /** What every command id of the job {@code eventId} starts with: a prefix scan of the in-flight jobs finds them. */
    public static String commandIdPrefix(final String eventId) {
        return eventId + "/";
    }

    /** The ready key that a waiting job holds (not null). */
    public static Bytes readyKeyOf(final QueuedJob queued) {
        final ByteBuffer stored = queued.getReadyKey().duplicate();
        final byte[] key = new byte[stored.remaining()];
        stored.get(key);
        return Bytes.wrap(key);
    }

    /** The common prefix of a type's ready keys in a lane. */
    public static Bytes typePrefix(final String lane, final String type) {
        final byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + typeBytes.length + 1)
                .put((byte) LaneNames.keyByte(lane))
                .put(typeBytes)
                .put((byte) 0)
                .array());
    }

    /** The first key after every key that starts with {@code prefix} (whose last byte is 0x00). */
    public static Bytes prefixEnd(final Bytes prefix) {
        final byte[] end = prefix.get().clone();
        end[end.length - 1] = 1;
        return Bytes.wrap(end);
    }

    /** The paused key of a ready job of {@code database} whose ready key is {@code readyKey}. */
    public static Bytes paused(final Bytes readyKey, final String database) {
        final byte[] ready = readyKey.get();
        final int prefixLength = ready.length - LONG;
        final byte[] databaseBytes = database.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(ready.length + databaseBytes.length + 1)
                .put(ready, 0, prefixLength)
                .put(databaseBytes)
                .put((byte) 0)
                .put(ready, prefixLength, LONG)
                .array());
    }

    /** The ready key a paused job goes back to: its type prefix and its seq. */
    public static Bytes readyOfPaused(final Bytes pausedKey) {
        final byte[] paused = pausedKey.get();
        final int typeEnd = typeEnd(paused);
        return Bytes.wrap(ByteBuffer.allocate(typeEnd + 1 + LONG)
                .put(paused, 0, typeEnd + 1)
                .put(paused, paused.length - LONG, LONG)
                .array());
    }

    /** The lane, type and database of a paused key; {@code laneOfKeyByte} names the lane of its first byte. */
    public static PausedGroup pausedGroup(final Bytes pausedKey, final IntFunction<String> laneOfKeyByte) {
        final byte[] paused = pausedKey.get();
        final int typeEnd = typeEnd(paused);
        final int databaseEnd = paused.length - LONG - 1;
        return new PausedGroup(
                laneOfKeyByte.apply(Byte.toUnsignedInt(paused[0])),
                new String(paused, 1, typeEnd - 1, StandardCharsets.UTF_8),
                new String(paused, typeEnd + 1, databaseEnd - typeEnd - 1, StandardCharsets.UTF_8));
    }

    /** The first key after every paused key of {@code group}. */
    public static Bytes pausedGroupEnd(final PausedGroup group) {
        final byte[] typePrefix = typePrefix(group.lane(), group.type()).get();
        final byte[] databaseBytes = group.database().getBytes(StandardCharsets.UTF_8);
        return prefixEnd(Bytes.wrap(ByteBuffer.allocate(typePrefix.length + databaseBytes.length + 1)
                .put(typePrefix)
                .put(databaseBytes)
                .put((byte) 0)
                .array()));
    }

    /** The 0x00 after the type: the lane's byte before it may itself be 0x00. */
    private static int typeEnd(final byte[] key) {
        int end = 1;
        while (key[end] != 0) end++;
        return end;
    }

    public static Bytes laneType(final String lane, final String type) {
        final byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + typeBytes.length)
                .put((byte) LaneNames.keyByte(lane))
                .put(typeBytes)
                .array());
    }

    public static String typeOf(final Bytes laneType) {
        final byte[] bytes = laneType.get();
        return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
    }

    /** The first key of a lane. */
    public static Bytes laneStart(final String lane) {
        return Bytes.wrap(new byte[] {(byte) LaneNames.keyByte(lane)});
    }

    /** The first key after a lane. */
    public static Bytes laneEnd(final String lane) {
        return Bytes.wrap(new byte[] {(byte) (LaneNames.keyByte(lane) + 1)});
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
