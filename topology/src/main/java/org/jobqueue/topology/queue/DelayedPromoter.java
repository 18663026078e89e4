package org.jobqueue.topology.queue;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/** Moves delayed jobs that are due to the ready index, oldest due first, at most {@code limit} per run. */
final class DelayedPromoter {
    private final QueueState state;
    private final DueScan scan;

    DelayedPromoter(final QueueState state, final int limit) {
        this.state = state;
        this.scan = new DueScan(state.delayedIndex(), limit);
    }

    /** Returns how many jobs it promoted. */
    int run(final long now) {
        final List<KeyValue<Bytes, String>> due = scan.due(now);
        due.forEach(entry -> state.promote(entry.key, entry.value));
        return due.size();
    }
}
