package org.jobqueue.app.demo;

import java.util.Arrays;
import org.jobqueue.schemas.Priority;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;

/**
 * Where the demo's jobs are at one moment, from the instance's metrics and the executors.
 *
 * @param ready jobs due and waiting for release, in every lane
 * @param delayed jobs waiting for their due time or a retry
 * @param inFlight released jobs without a result yet (the queue's view)
 * @param executing commands the executors are running now
 */
record Progress(
        long received,
        long invalid,
        long ready,
        long delayed,
        long inFlight,
        long executing,
        long ok,
        long deduplicated,
        long deadLettered,
        long abandoned) {

    static Progress of(final JobQueueMetrics metrics, final long executing) {
        final LaneSize lanes =
                Arrays.stream(Priority.values()).map(metrics::laneSize).reduce(LaneSize.EMPTY, Progress::sum);
        return new Progress(
                metrics.total(Outcome.RECEIVED),
                metrics.total(Outcome.INVALID),
                lanes.ready(),
                lanes.delayed(),
                lanes.inFlight(),
                executing,
                metrics.total(Outcome.OK),
                metrics.total(Outcome.DEDUPLICATED),
                metrics.total(Outcome.DEAD_LETTERED),
                metrics.total(Outcome.ABANDONED));
    }

    /** Jobs that reached an end: executed, deduplicated, dead-lettered or abandoned. */
    long finished() {
        return ok + deduplicated + deadLettered + abandoned;
    }

    boolean isIdle() {
        return ready == 0 && delayed == 0 && inFlight == 0 && executing == 0;
    }

    /** Whether all {@code produced} inputs were read and every job among them reached an end. */
    boolean accountsFor(final long produced) {
        return received + invalid >= produced && finished() >= produced - invalid && isIdle();
    }

    String line(final double jobsPerSecond) {
        return String.format(
                "received %d | waiting %d | delayed %d | in flight %d | done %d | deduplicated %d | dead-lettered %d"
                        + " | %.0f jobs/s",
                received, ready, delayed, inFlight, ok, deduplicated, deadLettered, jobsPerSecond);
    }

    private static LaneSize sum(final LaneSize left, final LaneSize right) {
        return new LaneSize(
                left.ready() + right.ready(), left.delayed() + right.delayed(), left.inFlight() + right.inFlight());
    }
}
