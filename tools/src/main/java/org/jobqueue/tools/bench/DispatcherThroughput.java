package org.jobqueue.tools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * b. The same events as the baseline drained through jobqueue's topology, with {@link NoopExecutor} closing the loop
 * through the results topic. Jobs/s: the events over the time from the first command's append to the last's, and the
 * ratio to the baseline of the same guarantee.
 */
final class DispatcherThroughput {
    static final String SCENARIO = "b";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private DispatcherThroughput() {}

    /** Runs the scenario under {@code guarantee}; returns its jobs/s. */
    static double run(final BenchRun run, final ProcessingGuarantee guarantee, final double baseline) {
        final String dc = BenchRun.dc(SCENARIO, guarantee);
        final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        run.createTopics(topics, true);
        final int events = run.settings.throughputEvents();
        PassThroughBaseline.produceStream(run, topics, events);
        final Path config = run.writeConfig(dc, guarantee, "", "");
        try (NoopExecutor executor = new NoopExecutor(run.environment.bootstrapServers(), topics).start();
                WorkerProcess worker = run.jobQueueWorker(dc, config)) {
            final ProfileFigures.Sample profile = run.profileStart(worker);
            worker.await("every job ended", TIMEOUT, line -> ended(line) >= events);
            run.profileEnd("b dispatcher throughput", guarantee, worker, profile, events);
            final long ended = ended(worker.latest());
            final double jobsPerSecond = events * 1000.0 / Math.max(1, executor.lastAppend() - executor.firstAppend());
            final var conditions = run.conditions(
                    guarantee,
                    "events",
                    events,
                    "duplicates",
                    "10%",
                    "delayed",
                    "5% (1 h ahead: they stay waiting)",
                    "commands",
                    executor.commands(),
                    "ended",
                    ended,
                    "in_flight_window",
                    BenchRun.IN_FLIGHT,
                    "executor",
                    "no-op commands->results loop in the bench JVM",
                    "peak_heap_mib",
                    BenchRun.mib(worker.peakHeap()));
            run.figure(
                    "b dispatcher throughput",
                    guarantee,
                    "jobs/s",
                    Math.round(jobsPerSecond),
                    "jobs/s",
                    null,
                    null,
                    conditions);
            final double target = guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 ? 0.35 : 0.5;
            final double ratio = Math.round(jobsPerSecond / baseline * 1000) / 1000.0;
            run.figure(
                    "b dispatcher throughput",
                    guarantee,
                    "b/a (jobs/s over baseline events/s)",
                    ratio,
                    "ratio",
                    ">= " + target,
                    ratio >= target,
                    conditions);
            return jobsPerSecond;
        }
    }

    /** Jobs that have ended: executed (ok), deduplicated, or waiting in the delayed index. */
    static long ended(final com.fasterxml.jackson.databind.JsonNode line) {
        final var metrics = line.path("metrics");
        return metrics.path("jobqueue.jobs.ok").asLong()
                + metrics.path("jobqueue.jobs.deduplicated").asLong()
                + metrics.path("jobqueue.jobs.delayed").asLong();
    }
}
