package org.jobqueue.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * f. End to end: the baseline's events drained through jobqueue's topology (a worker JVM) and real executors ({@code
 * JobExecutors}, what {@code jobqueue execute} runs, in a worker JVM of their own) that call a no-op HTTP endpoint
 * ({@link NoopEndpoint}) and write their results, which the topology processes. Completed jobs/s: the jobs whose
 * {@code ok} result the topology processed (its {@code ok} counter) from the first to the last, and the ratio to the
 * baseline of the same guarantee.
 */
final class EndToEnd {
    static final String SCENARIO = "f";
    static final String NAME = "f end to end";
    static final double JOBS_TARGET = 4_000;
    static final double RATIO_TARGET = 0.15;
    /** Calls at once per lane: far more than a no-op endpoint needs, so that the executors are not the bound. */
    static final int CONCURRENCY = 64;

    private static final String OK = "jobqueue.jobs.ok";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private EndToEnd() {}

    /** Runs the scenario under {@code guarantee}, against {@code baseline} events/s of the same guarantee. */
    static void run(final BenchRun run, final ProcessingGuarantee guarantee, final double baseline) {
        final String dc = BenchRun.dc(SCENARIO, guarantee);
        final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        run.createTopics(topics, true);
        final int events = run.settings.endToEndEvents();
        PassThroughBaseline.produceStream(run, topics, events);
        try (NoopEndpoint endpoint = NoopEndpoint.start()) {
            final Path config = run.writeConfig(dc, guarantee, "", "", executorYaml(endpoint));
            try (WorkerProcess executors = run.executorWorker(dc, config)) {
                executors.awaitRunning();
                try (WorkerProcess worker = run.jobQueueWorker(dc, config)) {
                    final ProfileFigures.Sample profile = run.profileStart(worker);
                    worker.await("every job ended", TIMEOUT, line -> DispatcherThroughput.ended(line) >= events);
                    run.profileEnd(NAME, guarantee, worker, profile, events);
                    report(run, guarantee, baseline, worker, executors, endpoint, events);
                }
            }
        }
    }

    private static String executorYaml(final NoopEndpoint endpoint) {
        return "{endpoint: \"" + endpoint.uri() + "\", timeout: 30s, drain_timeout: 10s, concurrency: {high: "
                + CONCURRENCY + ", normal: " + CONCURRENCY + ", low: " + CONCURRENCY + "}}";
    }

    private static void report(
            final BenchRun run,
            final ProcessingGuarantee guarantee,
            final double baseline,
            final WorkerProcess worker,
            final WorkerProcess executors,
            final NoopEndpoint endpoint,
            final int events) {
        final List<JsonNode> lines = worker.lines();
        final double jobsPerSecond = Math.round(completedPerSecond(lines, OK));
        final Map<String, Object> conditions = run.conditions(
                guarantee,
                "events",
                events,
                "duplicates",
                "10%",
                "delayed",
                "5% (1 h ahead: they stay waiting)",
                "completed",
                worker.metric(OK),
                "measured",
                "the topology's ok counter (sampled every " + BenchWorker.SAMPLE_MILLIS
                        + " ms) from its first to its last rise",
                "executors",
                "JobExecutors (jobqueue execute) in a child JVM, -Xmx" + run.settings.workerHeapMiB()
                        + "m, concurrency " + CONCURRENCY + " per lane",
                "endpoint",
                "a JDK HttpServer in the bench JVM answering " + "200 {\"status\":true} at once",
                "endpoint_requests",
                endpoint.requests(),
                "in_flight_window",
                BenchRun.IN_FLIGHT,
                "topology_jvm_cpu_s",
                cpuSeconds(worker),
                "executor_jvm_cpu_s",
                cpuSeconds(executors),
                "peak_heap_mib",
                BenchRun.mib(worker.peakHeap()),
                "executor_peak_heap_mib",
                BenchRun.mib(executors.peakHeap()));
        run.figure(
                NAME,
                guarantee,
                "completed jobs/s",
                jobsPerSecond,
                "jobs/s",
                ">= 4,000",
                jobsPerSecond >= JOBS_TARGET,
                conditions);
        final double ratio = Math.round(jobsPerSecond / baseline * 1000) / 1000.0;
        run.figure(
                NAME,
                guarantee,
                "f/a (completed jobs/s over baseline events/s)",
                ratio,
                "ratio",
                ">= " + RATIO_TARGET,
                ratio >= RATIO_TARGET,
                conditions);
    }

    /**
     * The rate at which {@code counter} rose in {@code lines} (status lines a sample period apart): its final value
     * over the time from the first line where it is above 0 to the first where it is final, plus one period (the
     * first rise happened within the period before it was seen). 0 when it never rose.
     */
    static double completedPerSecond(final List<JsonNode> lines, final String counter) {
        final long total = lines.isEmpty()
                ? 0
                : lines.get(lines.size() - 1).path("metrics").path(counter).asLong();
        if (total == 0) return 0;
        long first = -1;
        long last = -1;
        for (final JsonNode line : lines) {
            final long value = line.path("metrics").path(counter).asLong();
            if (first < 0 && value > 0) first = line.path("t").asLong();
            if (value == total) {
                last = line.path("t").asLong();
                break;
            }
        }
        return total * 1000.0 / (last - first + BenchWorker.SAMPLE_MILLIS);
    }

    private static double cpuSeconds(final WorkerProcess worker) {
        return Math.round(worker.profileSample().cpuNanos() / 1e7) / 100.0;
    }
}
