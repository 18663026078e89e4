package org.jobqueue.topology.queue.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A scan of a due-time index (delayed jobs, claims) for what is due, at most {@code limit} entries at a time. The
 * caller removes what it gets. The next scan starts where this one stopped: everything before is gone, and entries
 * added later are due after the time they were added, so none lands before it; without the cursor, RocksDB would step
 * over the tombstones of everything ever removed at every tick.
 */
public final class DueScan {
    private final KeyValueStore<Bytes, String> index;
    private final int limit;
    private Bytes from = QueueKeys.dueFromStart();

    DueScan(final KeyValueStore<Bytes, String> index, final int limit) {
        this.index = index;
        this.limit = limit;
    }

    public List<KeyValue<Bytes, String>> due(final long now) {
        final Bytes to = QueueKeys.dueAfter(now);
        final List<KeyValue<Bytes, String>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> entries = index.range(from, to)) {
            while (due.size() < limit && entries.hasNext()) due.add(entries.next());
        }
        from = due.size() < limit ? to : due.get(due.size() - 1).key;
        return due;
    }
}
