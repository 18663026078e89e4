package org.jobqueue.tools.bench;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.events.JobTypes;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * g. Lanes under load: while the low lane is flooded at 80% of b's measured capacity and one template with {@code
 * laneBacklinks} backlinks fans out into it (as in d), high-lane jobs arrive at 10 a second. Their latency from the
 * event's append to the executor's start: when the no-op executor's {@code read_committed} poll returned the command,
 * and, on the broker's clock alone, to the command's append. After the flood it waits for the high-lane jobs not yet
 * started (at most 30 s); those still waiting are left out of the percentiles and counted as a miss.
 */
final class LanesUnderLoad {
    static final String SCENARIO = "g";
    static final String NAME = "g lanes under load";
    static final long P99_TARGET_MILLIS = 500;
    static final double FLOOD_SHARE = 0.8;
    static final int HIGH_RATE = 10;
    /** The capacity assumed when b did not run in the same run: about b's exactly-once figure of the last full run. */
    static final double FALLBACK_CAPACITY = 5_000;

    private static final ProcessingGuarantee GUARANTEE = ProcessingGuarantee.EXACTLY_ONCE_V2;
    private static final List<String> LOW_TYPES = List.of(JobTypes.HTML_CACHE_UPDATE, JobTypes.REFRESH_LINKS);
    private static final String HIGH_TYPE = JobTypes.CDN_PURGE;
    private static final long FLOOD_SEED = 17;
    private static final long HIGH_SEED = 19;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration LATE_AT_MOST = Duration.ofSeconds(30);

    private LanesUnderLoad() {}

    /** The low lane's flood in events/s: 80% of {@code capacity}, or of the fallback when b did not run. */
    static int floodRate(final Double capacity) {
        return (int) Math.max(1, Math.round(FLOOD_SHARE * (capacity == null ? FALLBACK_CAPACITY : capacity)));
    }

    /**
     * Runs the scenario.
     *
     * @param capacity b's exactly-once jobs/s in this run, or null when b did not run
     */
    static void run(final BenchRun run, final Double capacity) {
        final String dc = BenchRun.dc(SCENARIO, GUARANTEE);
        final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        run.createTopics(topics, true, topics.links().name());
        // The queue's and the fan-out's defaults, as an operator runs them (d's 10,000-leaf ticks measure the
        // expansion's own speed).
        final Path config = run.writeConfig(dc, GUARANTEE, "", "fanout: {pages_per_job: 1}");
        final BenchSettings settings = run.settings;
        final int flood = floodRate(capacity);
        final Map<String, Long> appended = new ConcurrentHashMap<>();
        try (NoopExecutor executor = new NoopExecutor(run.environment.bootstrapServers(), topics).start();
                WorkerProcess worker = run.jobQueueWorker(dc, config);
                PacedProducer floodProducer = new PacedProducer(run.environment, topics);
                PacedProducer highProducer = new PacedProducer(run.environment, topics)) {
            worker.awaitRunning();
            final ProfileFigures.Sample profile = run.profileStart(worker);
            Fanout.loadBacklinks(run, topics, settings.laneBacklinks());
            Fanout.awaitBacklinksStored(run, dc, topics);
            executor.track();
            final JobStream high = new JobStream(HIGH_SEED, Instant.now(), 0, 0);
            final CompletableFuture<Double> highSent = CompletableFuture.supplyAsync(() -> highProducer.sendAtRate(
                    HIGH_RATE,
                    settings.laneFloodFor(),
                    now -> high.of(HIGH_TYPE),
                    (event, at) -> appended.put(event.id(), at)));
            Fanout.sendTemplateEdit(run, topics);
            final JobStream low = new JobStream(FLOOD_SEED, Instant.now(), 0, 0);
            final double offered = floodProducer.sendAtRate(
                    flood,
                    settings.laneFloodFor(),
                    now -> low.of(LOW_TYPES.get((int) (floodProducer.sent() % LOW_TYPES.size()))),
                    null);
            final double highOffered = highSent.join();
            Pause.of(settings.settle());
            awaitHighLaneStarted(executor, appended, LATE_AT_MOST);
            final long leaves = worker.metric("jobqueue.fanout.leaves-emitted");
            run.profileEnd(NAME, GUARANTEE, worker, profile, floodProducer.sent() + highProducer.sent() + leaves);
            final Map<String, Object> conditions = run.conditions(
                    GUARANTEE,
                    "low_lane_flood_rate",
                    Math.round(offered),
                    "flood_rate_from",
                    capacity == null
                            ? "no b in this run: 80% of a fixed " + Math.round(FALLBACK_CAPACITY) + " jobs/s"
                            : "80% of b's " + Math.round(capacity) + " jobs/s (exactly_once_v2, this run)",
                    "low_lane_types",
                    LOW_TYPES,
                    "flood_for",
                    settings.laneFloodFor().toString(),
                    "fanout_backlinks",
                    settings.laneBacklinks(),
                    "max_leaf_wait",
                    "1s (the default: the expansion follows what the queue reads)",
                    "fanout_batch",
                    "300 (the default)",
                    "max_scan_per_tick",
                    "2000 (the default)",
                    "leaves_emitted_by_end",
                    leaves,
                    "high_lane_rate",
                    Math.round(highOffered),
                    "high_lane_type",
                    HIGH_TYPE,
                    "high_lane_jobs",
                    appended.size(),
                    "commands_by_end",
                    executor.commands(),
                    "append",
                    "the event's broker append time (LogAppendTime)",
                    "executor_start",
                    "when the no-op executor's read_committed poll returned the command (bench JVM clock, which"
                            + " the embedded broker shares)",
                    "executor",
                    "no-op commands->results loop in the bench JVM",
                    "in_flight_window",
                    BenchRun.IN_FLIGHT);
            final Map<String, NoopExecutor.Seen> seen = executor.seen();
            report(
                    run,
                    "high lane: append -> executor start",
                    appended,
                    seen,
                    NoopExecutor.Seen::commandVisible,
                    conditions,
                    true);
            report(
                    run,
                    "high lane: append -> command append",
                    appended,
                    seen,
                    NoopExecutor.Seen::commandAppended,
                    conditions,
                    false);
        }
    }

    // So that the percentiles are of every high-lane job, not only of those that made it in time.
    private static void awaitHighLaneStarted(
            final NoopExecutor executor, final Map<String, Long> appended, final Duration atMost) {
        final long deadline = System.nanoTime() + atMost.toNanos();
        while (!executor.hasSeen(appended.keySet()) && System.nanoTime() < deadline) Pause.of(POLL);
    }

    private static void report(
            final BenchRun run,
            final String what,
            final Map<String, Long> appended,
            final Map<String, NoopExecutor.Seen> seen,
            final ToLongFunction<NoopExecutor.Seen> time,
            final Map<String, Object> conditions,
            final boolean targeted) {
        final long[] sample = appended.entrySet().stream()
                .filter(entry -> seen.containsKey(entry.getKey()))
                .mapToLong(entry -> time.applyAsLong(seen.get(entry.getKey())) - entry.getValue())
                .toArray();
        final Map<String, Object> withCount = new LinkedHashMap<>(conditions);
        withCount.put("high_lane_jobs_started", sample.length);
        final Snapshot latencies = new UniformSnapshot(sample);
        if (targeted) {
            final double started =
                    appended.isEmpty() ? 0 : Math.round(1000.0 * sample.length / appended.size()) / 1000.0;
            run.figure(
                    NAME,
                    GUARANTEE,
                    "high lane: share started by the end",
                    started,
                    "ratio",
                    "1",
                    started == 1,
                    withCount);
        }
        final double p99 = BenchRun.percentile(latencies, 0.99);
        run.figure(NAME, GUARANTEE, what + " p50", BenchRun.percentile(latencies, 0.5), "ms", null, null, withCount);
        run.figure(
                NAME,
                GUARANTEE,
                what + " p99",
                p99,
                "ms",
                targeted ? "<= " + P99_TARGET_MILLIS : null,
                // A high-lane job not started by the end is a miss, whatever the others' p99.
                targeted ? sample.length > 0 && sample.length == appended.size() && p99 <= P99_TARGET_MILLIS : null,
                withCount);
    }
}
