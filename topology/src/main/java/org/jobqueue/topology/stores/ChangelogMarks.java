package org.jobqueue.topology.stores;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * A tombstone for a key that no job uses, written into each store of a task at its first punctuation. Under
 * {@code exactly_once_v2}, Kafka Streams treats a task as corrupted, and restores it from scratch, when one of its
 * stores has state on disk but no changelog offset: the case of a store never written in that partition, such as
 * {@code queue-held} in a DC that consumes no other DC. One tombstone gives every changelog an offset, and leaves no
 * entry behind for a scan to meet.
 */
public final class ChangelogMarks {
    /** The marked key of the stores keyed by strings. */
    public static final String KEY = "\u0000jobqueue.changelog-mark";

    private static final Bytes BYTES_KEY = Bytes.wrap(KEY.getBytes(StandardCharsets.UTF_8));

    private ChangelogMarks() {}

    public static void mark(final KeyValueStore<String, ?> store) {
        store.delete(KEY);
    }

    public static void markIndex(final KeyValueStore<Bytes, ?> store) {
        store.delete(BYTES_KEY);
    }

    public static <V> void markWindow(final WindowStore<String, V> store, final long now) {
        store.put(KEY, null, now);
    }
}
