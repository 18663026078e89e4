package org.jobqueue.tools.bench;

import java.time.Duration;
import java.util.List;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * The sizes of one bench run.
 *
 * @param partitions of every topic and of the topology
 * @param throughputEvents events drained by the baseline and the dispatcher throughput scenarios
 * @param latencyRate events per second offered in the latency scenario
 * @param latencyWarmUp how long the latency scenario runs before it measures
 * @param latencyMeasured how long it measures
 * @param backlinks of the one template that fans out
 * @param waitingDelayed delayed jobs left waiting in the delayed scenario
 * @param dueRate jobs per second coming due while they wait
 * @param dueMeasured how long jobs come due
 * @param workerHeapMiB the {@code -Xmx} of the JVM that runs the topology
 * @param endToEndEvents events drained end to end through real executors and an HTTP endpoint
 * @param laneFloodFor how long the low lane is flooded while the high lane is measured
 * @param laneBacklinks of the template that fans out while the low lane is flooded
 * @param settle how long a live scenario waits after its last event for the last commands
 * @param dueAfter how far ahead of their sending the delayed scenario's jobs come due
 * @param guarantees those under which a, b, c and f run
 */
record BenchSettings(
        String name,
        int partitions,
        int throughputEvents,
        int latencyRate,
        Duration latencyWarmUp,
        Duration latencyMeasured,
        int backlinks,
        int waitingDelayed,
        int dueRate,
        Duration dueMeasured,
        int workerHeapMiB,
        int endToEndEvents,
        Duration laneFloodFor,
        int laneBacklinks,
        Duration settle,
        Duration dueAfter,
        List<ProcessingGuarantee> guarantees) {

    static final List<ProcessingGuarantee> BOTH_GUARANTEES =
            List.of(ProcessingGuarantee.AT_LEAST_ONCE, ProcessingGuarantee.EXACTLY_ONCE_V2);

    static final int PARTITIONS = 4;

    /** These sizes with another rate offered in the latency scenario. */
    BenchSettings withLatencyRate(final int rate) {
        if (rate < 1) throw new IllegalArgumentException("the latency rate must be 1 or more");
        return new BenchSettings(
                name,
                partitions,
                throughputEvents,
                rate,
                latencyWarmUp,
                latencyMeasured,
                backlinks,
                waitingDelayed,
                dueRate,
                dueMeasured,
                workerHeapMiB,
                endToEndEvents,
                laneFloodFor,
                laneBacklinks,
                settle,
                dueAfter,
                guarantees);
    }

    static final int WORKER_HEAP_MIB = 512;

    /** Which of these sizes' figures cannot stand for the full run's, and why. */
    List<String> caveats() {
        return switch (name) {
            case "full" -> List.of();
            case "quick" ->
                List.of(
                        "a, b: 20,000 events and f: 10,000, not 100,000: the topology JVMs' warm-up weighs more, so"
                                + " the rates run low",
                        "c: measured for 10 s after a 3 s warm-up (not 60 s after 10 s): its percentiles run high; its"
                                + " target is the full run's",
                        "d: 100,000 backlinks, not 1,000,000: the expansion's ramp-up weighs more in leaves/s",
                        "e: 50,000 jobs waiting, not 1,000,000, and 6 s of jobs coming due, not 60: the heap figure"
                                + " does not stand for the full run's",
                        "g: 8 s of flood and a fan-out of 10,000 pages, not 60 s and 100,000: the low lane's backlog"
                                + " stays smaller, so the high lane's p99 is a lower bound of the full run's");
            default -> List.of("tiny counts: these figures check that the harness runs and mean nothing");
        };
    }

    /** The full run: the sizes. */
    static BenchSettings full() {
        return new BenchSettings(
                "full",
                PARTITIONS,
                100_000,
                2_000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                1_000_000,
                1_000_000,
                2_000,
                Duration.ofSeconds(60),
                WORKER_HEAP_MIB,
                100_000,
                Duration.ofSeconds(60),
                100_000,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                BOTH_GUARANTEES);
    }

    /**
     * {@code --quick}: the same shape, a tenth to a twentieth of the sizes, shorter windows; under 4 minutes on a
     * quiet 2-core machine.
     */
    static BenchSettings quick() {
        return new BenchSettings(
                "quick",
                PARTITIONS,
                20_000,
                2_000,
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                100_000,
                50_000,
                2_000,
                Duration.ofSeconds(6),
                WORKER_HEAP_MIB,
                10_000,
                Duration.ofSeconds(8),
                10_000,
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                BOTH_GUARANTEES);
    }

    /**
     * For the smoke test: tiny counts, just enough to run every scenario, and only under exactly_once_v2 (the
     * scenarios' code is the same under both; CI's time is not).
     */
    static BenchSettings tiny() {
        return new BenchSettings(
                "tiny",
                2,
                500,
                200,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                2_000,
                1_000,
                200,
                Duration.ofSeconds(2),
                256,
                300,
                Duration.ofSeconds(2),
                500,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                List.of(ProcessingGuarantee.EXACTLY_ONCE_V2));
    }
}
