package org.jobqueue.topology.queue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** Moves delayed jobs that are due to the ready index, oldest due first, at most {@code limit} per run. */
final class DelayedPromoter {
    private final QueueState state;
    private final int limit;

    DelayedPromoter(final QueueState state, final int limit) {
        this.state = state;
        this.limit = limit;
    }

    /** Returns how many jobs it promoted. */
    int run(final long now) {
        final List<KeyValue<Bytes, String>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> entries =
                state.delayedIndex().range(QueueKeys.dueFromStart(), QueueKeys.dueAfter(now))) {
            while (due.size() < limit && entries.hasNext()) {
                due.add(entries.next());
            }
        }
        due.forEach(entry -> state.promote(entry.key, entry.value));
        return due.size();
    }
}
