package org.jobqueue.tools.demo;

import org.jobqueue.topology.config.LaneNames;
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
 * @param fanout where the expansions of recursive jobs are
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
        long abandoned,
        Fanout fanout) {

    /**
     * The fan-out of recursive jobs.
     *
     * @param running expansions under way: started and not yet ended (exact, unlike the instance's
     *     {@code expansions-running} gauge, a RocksDB estimate that counts every cursor update as an entry)
     * @param started expansions started, one per recursive job
     * @param ended expansions finished or dropped
     * @param leaves leaf jobs emitted, each of which then ends like any other job
     */
    record Fanout(long running, long started, long ended, long leaves) {
        static final Fanout NONE = new Fanout(0, 0, 0, 0);

        static Fanout of(final JobQueueMetrics metrics) {
            final long started = metrics.totalFanout("expansions-started");
            final long ended = metrics.totalFanout("expansions-finished") + metrics.totalFanout("expansions-dropped");
            return new Fanout(Math.max(0, started - ended), started, ended, metrics.totalFanout("leaves-emitted"));
        }
    }

    static Progress of(final JobQueueMetrics metrics, final long executing) {
        final LaneSize lanes =
                LaneNames.BUILT_IN.stream().map(metrics::laneSize).reduce(LaneSize.EMPTY, Progress::sum);
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
                metrics.total(Outcome.ABANDONED),
                Fanout.of(metrics));
    }

    /** Jobs that reached an end: executed, deduplicated, dead-lettered or abandoned. */
    long finished() {
        return ok + deduplicated + deadLettered + abandoned;
    }

    /**
     * The jobs that must end: every valid input but the {@code recursive} jobs, which their expansions consume instead
     * of executing, and every leaf emitted so far.
     */
    long expected(final long produced, final long recursive) {
        return produced - invalid - recursive + fanout.leaves();
    }

    boolean isIdle() {
        return ready == 0 && delayed == 0 && inFlight == 0 && executing == 0;
    }

    /**
     * Whether all {@code produced} inputs were read, the expansions of all {@code recursive} jobs among them ended, and
     * every other job among them and every leaf reached an end.
     */
    boolean accountsFor(final long produced, final long recursive) {
        return received + invalid >= produced
                && fanout.started() >= recursive
                && fanout.ended() >= fanout.started()
                && finished() >= expected(produced, recursive)
                && isIdle();
    }

    String line(final double jobsPerSecond) {
        return String.format(
                "received %d | expanding %d | waiting %d | delayed %d | in flight %d | done %d | deduplicated %d"
                        + " | dead-lettered %d | %.0f jobs/s",
                received, fanout.running(), ready, delayed, inFlight, ok, deduplicated, deadLettered, jobsPerSecond);
    }

    private static LaneSize sum(final LaneSize left, final LaneSize right) {
        return new LaneSize(
                left.ready() + right.ready(), left.delayed() + right.delayed(), left.inFlight() + right.inFlight());
    }
}
