package org.jobqueue.tools.bench;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.events.JobTypes;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * e. Delayed jobs: {@code waitingDelayed} jobs due in 6 h loaded and left waiting; then jobs due {@code dueAfter} (5 s)
 * after they are sent, sent at {@code dueRate} a second, so that they come due at that steady rate. The worker's heap after a full
 * collection with every job waiting, its sampled peak while jobs come due, and release lateness (command append time
 * minus {@code delay_until}).
 */
final class Delayed {
    static final String SCENARIO = "e";
    static final long LATENESS_TARGET_MILLIS = 1_000;
    private static final ProcessingGuarantee GUARANTEE = ProcessingGuarantee.EXACTLY_ONCE_V2;
    private static final Duration WAIT = Duration.ofHours(6);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final long SEED = 13;
    private static final List<String> TYPES = List.of(JobTypes.CDN_PURGE, JobTypes.ENOTIF_NOTIFY);

    private Delayed() {}

    static void run(final BenchRun run) {
        final String dc = BenchRun.dc(SCENARIO, GUARANTEE);
        final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        run.createTopics(topics, true);
        final Path config = run.writeConfig(dc, GUARANTEE, "", "");
        final BenchSettings settings = run.settings;
        final JobStream stream = new JobStream(SEED, Instant.now(), 0, 0);
        final Map<String, Long> due = new ConcurrentHashMap<>();
        try (NoopExecutor executor = new NoopExecutor(run.environment.bootstrapServers(), topics).start();
                WorkerProcess worker = run.jobQueueWorker(dc, config);
                PacedProducer producer = new PacedProducer(run.environment, topics)) {
            worker.awaitRunning();
            final ProfileFigures.Sample profile = run.profileStart(worker);
            final long loadStart = System.currentTimeMillis();
            final Instant later = Instant.now().plus(WAIT);
            for (int i = 0; i < settings.waitingDelayed(); i++) {
                producer.send(stream.delayed(TYPES.get(i % TYPES.size()), later), null);
            }
            producer.flush();
            worker.await(
                    "every delayed job stored",
                    TIMEOUT,
                    line -> line.path("metrics").path("jobqueue.jobs.delayed").asLong() >= settings.waitingDelayed());
            final double loadSeconds = (System.currentTimeMillis() - loadStart) / 1000.0;
            final long waitingHeap = worker.heapAfterGc();
            worker.resetPeaks();
            executor.track();
            final double offered = producer.sendAtRate(
                    settings.dueRate(),
                    settings.dueMeasured(),
                    now -> stream.delayed(
                            TYPES.get((int) (now.toEpochMilli() % TYPES.size())), now.plus(settings.dueAfter())),
                    (event, at) -> due.put(event.id(), event.dueMillis()));
            Pause.of(settings.dueAfter().plus(settings.settle()));
            executor.awaitQuiet(Latency.QUIET, Latency.QUIET_AT_MOST);
            run.profileEnd("e delayed", GUARANTEE, worker, profile, producer.sent());
            final long peakHeap = worker.peakHeap();
            final long[] lateness = executor.seen().entrySet().stream()
                    .filter(entry -> due.containsKey(entry.getKey()))
                    .mapToLong(entry -> entry.getValue().commandAppended() - due.get(entry.getKey()))
                    .toArray();
            final Snapshot late = new UniformSnapshot(lateness);
            final Map<String, Object> conditions = run.conditions(
                    GUARANTEE,
                    "waiting",
                    settings.waitingDelayed(),
                    "waiting_load_seconds",
                    loadSeconds,
                    "due_rate",
                    Math.round(offered),
                    "due_for",
                    settings.dueMeasured().toString(),
                    "due_jobs",
                    due.size(),
                    "released_on_time_or_late",
                    lateness.length,
                    "earliest_release_ms",
                    lateness.length == 0
                            ? 0
                            : java.util.Arrays.stream(lateness).min().getAsLong(),
                    "peak_heap_while_due_mib",
                    BenchRun.mib(peakHeap),
                    "peak_rss_mib",
                    BenchRun.mib(worker.peakRss()),
                    "tick",
                    "100ms");
            final double heapMiB = BenchRun.mib(waitingHeap);
            run.figure(
                    "e delayed",
                    GUARANTEE,
                    "heap after GC, all waiting",
                    heapMiB,
                    "MiB",
                    "<= 512",
                    heapMiB <= 512,
                    conditions);
            run.figure(
                    "e delayed",
                    GUARANTEE,
                    "lateness p50",
                    BenchRun.percentile(late, 0.5),
                    "ms",
                    null,
                    null,
                    conditions);
            run.figure(
                    "e delayed",
                    GUARANTEE,
                    "lateness p99",
                    BenchRun.percentile(late, 0.99),
                    "ms",
                    "<= 1000",
                    late.size() > 0 && late.get99thPercentile() <= LATENESS_TARGET_MILLIS,
                    conditions);
        }
    }
}
