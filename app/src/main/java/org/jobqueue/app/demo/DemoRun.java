package org.jobqueue.app.demo;

import java.time.Duration;
import java.util.Map;
import org.jobqueue.app.stub.StubStats;

/**
 * What one demo run did, for its summary and for tests.
 *
 * @param accountedFor whether every job produced ended (executed, deduplicated, dead-lettered or abandoned) in time
 * @param planned the records the demo meant to produce, by kind
 * @param produced the records the broker acknowledged
 * @param deduplicatedByReason the deduplicated jobs, by reason
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
        StubStats stub,
        Duration elapsed,
        Duration processing) {

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

    /** Jobs that reached an end per second of processing. */
    public double jobsPerSecond() {
        return finished() / Math.max(processing.toMillis() / 1000.0, 0.001);
    }
}
