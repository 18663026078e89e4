package org.jobqueue.topology.queue;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.queue.state.PausedGroup;
import org.jobqueue.topology.queue.state.PausedScan;
import org.jobqueue.topology.queue.state.QueueState;

/**
 * Puts the jobs that a pause of their database set aside back among the ready jobs once the pause is over (removed or
 * expired), each at its place in its type's arrival order; at most {@code limit} reads of the paused index per run.
 */
final class PauseLifter {
    private final QueueState state;
    private final ControlRules rules;
    private final PausedScan scan;

    PauseLifter(final QueueState state, final ControlRules rules, final int limit, final List<String> lanes) {
        this.state = state;
        this.rules = rules;
        this.scan = state.pausedJobs(limit, lanes);
    }

    void run(final long now) {
        if (!state.hasPaused()) return;
        for (final KeyValue<Bytes, String> entry : scan.resumable(group -> isStillPaused(group, now))) {
            state.resume(entry.key, entry.value);
        }
    }

    // The jobs of a lane no longer configured are released by no one: they go back to their ready index as they are.
    private boolean isStillPaused(final PausedGroup group, final long now) {
        return group.lane() != null && rules.isPaused(group.lane(), group.type(), group.database(), now);
    }
}
