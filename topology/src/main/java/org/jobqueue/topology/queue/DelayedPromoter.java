package org.jobqueue.topology.queue;

import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.topology.queue.state.DueScan;
import org.jobqueue.topology.queue.state.QueueState;

/**
 * Moves delayed jobs that are due on, oldest due first, at most {@code limit} per run: each is released at once if
 * its lane lets it (see {@link Releaser#releaseOnArrival}), or else made ready.
 */
final class DelayedPromoter {
    private final QueueState state;
    private final DueScan scan;

    DelayedPromoter(final QueueState state, final int limit) {
        this.state = state;
        this.scan = state.dueDelayed(limit);
    }

    /** Returns how many jobs came due; {@code releasedAtOnce} says whether it dealt with a job itself. */
    int run(final long now, final Predicate<QueuedJob> releasedAtOnce) {
        final List<KeyValue<Bytes, String>> due = scan.due(now);
        for (final KeyValue<Bytes, String> entry : due) {
            final QueuedJob queued = state.takeDue(entry.key, entry.value);
            if (queued == null) continue;
            if (releasedAtOnce.test(queued)) {
                state.forget(queued);
            } else {
                state.makeReady(queued);
            }
        }
        return due.size();
    }
}
