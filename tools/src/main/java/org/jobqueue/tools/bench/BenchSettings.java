package org.jobqueue.tools.bench;

import java.time.Duration;

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
        int workerHeapMiB) {

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
                workerHeapMiB);
    }

    static final int WORKER_HEAP_MIB = 512;

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
                WORKER_HEAP_MIB);
    }

    /** {@code --quick}: the same shape, a tenth to a twentieth of the sizes, shorter windows. */
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
                Duration.ofSeconds(10),
                WORKER_HEAP_MIB);
    }

    /** For the smoke test: tiny counts, just enough to run every scenario. */
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
                256);
    }
}
