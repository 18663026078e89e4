package org.jobqueue.topology.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.jobqueue.schemas.FanoutTarget;
import org.jobqueue.schemas.LinkChange;

/**
 * Keys of the fan-out. The expansion key {@code <database>|<table>|<namespace>|<title>} partitions recursive jobs and
 * backlink changes alike, so that they meet. A backlinks store key is {@code expansion key | 0x00 | page id(8)}, so a
 * prefix scan returns one target's backlinks in page-id order, from any page id on.
 */
public final class FanoutKeys {
    private FanoutKeys() {}

    public static String expansionKey(final String database, final FanoutTarget target) {
        return expansionKey(database, target.getTable(), target.getTargetNamespace(), target.getTargetTitle());
    }

    public static String expansionKey(final LinkChange change) {
        return expansionKey(
                change.getDatabase(), change.getTable(), change.getTargetNamespace(), change.getTargetTitle());
    }

    private static String expansionKey(
            final String database, final String table, final int namespace, final String title) {
        return database + "|" + table + "|" + namespace + "|" + title;
    }

    public static Bytes backlink(final String expansionKey, final long pageId) {
        final byte[] prefix = targetPrefix(expansionKey).get();
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES)
                .put(prefix)
                .putLong(pageId)
                .array());
    }

    /** The first key after every backlink of the target. */
    public static Bytes targetEnd(final String expansionKey) {
        final byte[] end = targetPrefix(expansionKey).get();
        end[end.length - 1] = 1;
        return Bytes.wrap(end);
    }

    public static long pageIdOf(final Bytes backlinkKey) {
        final byte[] key = backlinkKey.get();
        return ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong();
    }

    private static Bytes targetPrefix(final String expansionKey) {
        final byte[] target = expansionKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(
                ByteBuffer.allocate(target.length + 1).put(target).put((byte) 0).array());
    }
}
