package org.jobqueue.tools.demo;

import java.time.Duration;
import java.util.Map;
import org.jobqueue.tools.stub.StubStats;

/**
 * What one demo run did, for its summary and for tests.
 *
 * @param periodicFired the jobs the demo's periodic schedule fired (counted in received and executed too)
 * @param accountedFor whether every job produced ended (executed, deduplicated, dead-lettered or abandoned) in time
 * @param planned the records the demo meant to produce, by kind
 * @param produced the records the broker acknowledged
 * @param deduplicatedByReason the deduplicated jobs, by reason
 * @param fanout what the fan-out of the recursive jobs did
 * @param stub what the stand-in {@code RunSingleJob.php} answered
 * @param elapsed from the demo's start to its end, set-up included
 * @param processing from the first record produced to the end
 */
public record DemoRun(
        boolean accountedFor,
        Map<JobKind, Long> planned,
        long produced,
        long received,
        long invalid,
        long ok,
        long retried,
        long deduplicated,
        Map<String, Long> deduplicatedByReason,
        long deadLettered,
        long abandoned,
        Fanout fanout,
        StubStats stub,
        Duration elapsed,
        Duration processing,
        long periodicFired) {

    /**
     * The fan-out of the template edit.
     *
     * @param backlinksSeeded backlinks of the template the demo sent to the links topic (and the broker acknowledged)
     * @param expansionsStarted expansions started, one per recursive job
     * @param expansionsFinished expansions that reached the end of the backlinks
     * @param expansionsDropped expansions stopped because their root job was superseded or abandoned
     * @param backlinksExpanded backlinks read by all expansions
     * @param leavesEmitted leaf jobs emitted, by type
     */
    public record Fanout(
            long backlinksSeeded,
            long expansionsStarted,
            long expansionsFinished,
            long expansionsDropped,
            long backlinksExpanded,
            Map<String, Long> leavesEmitted) {

        public long leaves() {
            return leavesEmitted.values().stream().mapToLong(Long::longValue).sum();
        }

        public long leaves(final String type) {
            return leavesEmitted.getOrDefault(type, 0L);
        }
    }

    /** The jobs planned to fail on every attempt, which must end dead-lettered. */
    public long plannedToFailAlways() {
        return planned(JobKind.FAILS_ALWAYS);
    }

    public long planned(final JobKind kind) {
        return planned.getOrDefault(kind, 0L);
    }

    public long finished() {
        return ok + deduplicated + deadLettered + abandoned;
    }

    /**
     * The jobs that had to end: the valid jobs produced but the recursive ones (their expansions consume them instead
     * of executing them), and their leaves.
     */
    public long expected() {
        return produced - invalid - planned(JobKind.RECURSIVE) + fanout.leaves();
    }

    /** Jobs that reached an end per second of processing. */
    public double jobsPerSecond() {
        return finished() / Math.max(processing.toMillis() / 1000.0, 0.001);
    }
}
