package org.jobqueue.topology.queue;

import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.Traces;
import org.jobqueue.topology.queue.state.WaitingScan;

/**
 * While a drop rule with {@code purge} applies, drops and counts the waiting jobs it covers (ready, paused or
 * delayed), reading at most {@code limit} waiting jobs per run and going round the queue again and again, so that a
 * retry that comes back to wait is dropped too. Jobs in flight are left alone.
 */
final class Purger {
    private final QueueState state;
    private final Traces traces;
    private final ControlRules rules;
    private final JobQueueMetrics metrics;
    private final WaitingScan scan;

    Purger(
            final QueueState state,
            final Traces traces,
            final ControlRules rules,
            final JobQueueMetrics metrics,
            final int limit) {
        this.state = state;
        this.traces = traces;
        this.rules = rules;
        this.metrics = metrics;
        this.scan = state.waitingJobs(limit);
    }

    void run(final long now) {
        if (!rules.isPurging(now)) return;
        for (final QueuedJob queued : scan.next()) {
            final Job job = queued.getJob();
            if (rules.isPurged(Lanes.of(queued), job.getType(), job.getDatabase(), now)) {
                state.remove(queued);
                metrics.count(job.getType(), Outcome.DROPPED);
                traces.dropped(job, "rule", queued.getEnqueuedAt(), now);
            }
        }
    }
}
