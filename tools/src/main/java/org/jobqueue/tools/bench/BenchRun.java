package org.jobqueue.tools.bench;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.events.JobTypes;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * What every scenario of one run shares: the environment, the sizes, the report, and how a scenario gets its topics,
 * its configuration and its worker JVM. Each scenario has a data centre of its own ({@code <scenario>-<guarantee>}),
 * so scenarios never see each other's topics or state.
 */
final class BenchRun {
    /** The queue's settings in every jobqueue scenario: in-flight windows sized for a no-op executor. */
    static final int IN_FLIGHT = 2_000;

    private static final Duration PROFILE_TAIL = Duration.ofSeconds(2);

    final BenchEnvironment environment;
    final BenchSettings settings;
    final BenchReport report;
    final boolean profile;
    final int streamThreads;

    BenchRun(
            final BenchEnvironment environment,
            final BenchSettings settings,
            final BenchReport report,
            final boolean profile,
            final int streamThreads) {
        this.environment = environment;
        this.settings = settings;
        this.report = report;
        this.profile = profile;
        this.streamThreads = streamThreads;
    }

    static String dc(final String scenario, final ProcessingGuarantee guarantee) {
        return scenario + "-" + (guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 ? "eos" : "alo");
    }

    static String applicationId(final String dc) {
        return "bench-" + dc;
    }

    static String guaranteeName(final ProcessingGuarantee guarantee) {
        return guarantee.streamsValue();
    }

    /** The job topics of {@code dc} and, for jobqueue, its lanes' command topics and results topic. */
    void createTopics(final JobQueueTopics topics, final boolean jobqueue, final String... more) {
        final List<String> names = new ArrayList<>();
        JobTypes.ALL.forEach(type -> names.add(topics.jobEvents(type).name()));
        if (jobqueue) {
            topics.allCommands().forEach(commands -> names.add(commands.name()));
            names.add(topics.results().name());
        }
        names.addAll(List.of(more));
        environment.createTopics(names, settings.partitions());
    }

    /** Writes the configuration of {@code dc}'s topology; {@code types} lists the refreshLinks type's settings. */
    Path writeConfig(final String dc, final ProcessingGuarantee guarantee, final String queueYaml, final String types) {
        return writeConfig(dc, guarantee, queueYaml, types, null);
    }

    /** The same with the executors' settings, {@code executor} (YAML), for real executors. */
    Path writeConfig(
            final String dc,
            final ProcessingGuarantee guarantee,
            final String queueYaml,
            final String types,
            final String executor) {
        final String yaml = String.join(
                "\n",
                "dc: " + dc,
                "application_id: " + applicationId(dc),
                "kafka: {bootstrap.servers: \"" + environment.bootstrapServers() + "\", num.stream.threads: "
                        + streamThreads + profiledMetrics() + "}",
                "state_dir: " + environment.dir().resolve("state-" + dc),
                "processing_guarantee: " + guarantee.streamsValue(),
                "topics: {partitions: " + settings.partitions() + ", replication_factor: 1}",
                "queue: {in_flight: {high: " + IN_FLIGHT + ", normal: " + IN_FLIGHT + ", low: " + IN_FLIGHT + "}"
                        + (queueYaml.isEmpty() ? "" : ", " + queueYaml) + "}",
                "types:",
                "  cdnPurge: {priority: high}",
                "  htmlCacheUpdate: {priority: low}",
                "  refreshLinks: {priority: low" + (types.isEmpty() ? "" : ", " + types) + "}",
                executor == null ? "" : "executor: " + executor,
                "");
        final Path file = environment.dir().resolve(dc + ".yaml");
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    // Kafka Streams records its state store metrics at DEBUG only, and as rates over its sample windows: 1 s windows
    // sampled every 200 ms add up to the totals (RateIntegral).
    private String profiledMetrics() {
        return profile ? ", metrics.recording.level: DEBUG, metrics.sample.window.ms: 1000" : "";
    }

    WorkerProcess executorWorker(final String dc, final Path config) {
        return WorkerProcess.start(
                environment.dir(),
                "executor-" + dc,
                settings.workerHeapMiB(),
                profile,
                List.of("execute", config.toString()));
    }

    /** Where a scenario's profile starts: when {@code worker} runs; null without {@code --profile}. */
    ProfileFigures.Sample profileStart(final WorkerProcess worker) {
        if (!profile) return null;
        worker.awaitRunning();
        return worker.profileSample();
    }

    /**
     * With {@code --profile}, adds the profile figures of {@code jobs} jobs since {@code start}: the topology JVM's
     * CPU-seconds per 100,000 jobs, its state store reads and writes and the records it sent per job.
     */
    void profileEnd(
            final String scenario,
            final ProcessingGuarantee guarantee,
            final WorkerProcess worker,
            final ProfileFigures.Sample start,
            final long jobs) {
        if (start == null || jobs < 1) return;
        // The store rates are averages over the last second or two: they fall to 0 only after the work ends.
        Pause.of(PROFILE_TAIL);
        final ProfileFigures figures = ProfileFigures.between(start, worker.profileSample(), jobs);
        final Map<String, Object> conditions = conditions(
                guarantee,
                "jobs",
                jobs,
                "from",
                "the topology JVM in RUNNING state to the scenario's end",
                "cpu",
                "the topology JVM's user + system time (ProcessHandle.info().totalCpuDuration())",
                "store_operations",
                "Kafka Streams' stream-state-metrics rates at DEBUG recording level, summed over every store and"
                        + " integrated over time (it keeps no totals): reads = get + range + prefix-scan + all,"
                        + " writes = put + put-if-absent + put-all + delete",
                "records_sent",
                "producer-metrics record-send-total of the topology's producers");
        figure(
                scenario,
                guarantee,
                "profile: CPU-s per 100k jobs",
                figures.cpuSecondsPer100kJobs(),
                "s",
                null,
                null,
                conditions);
        figure(
                scenario,
                guarantee,
                "profile: store reads per job",
                figures.storeReadsPerJob(),
                "reads",
                null,
                null,
                conditions);
        figure(
                scenario,
                guarantee,
                "profile: store writes per job",
                figures.storeWritesPerJob(),
                "writes",
                null,
                null,
                conditions);
        figure(
                scenario,
                guarantee,
                "profile: records sent per job",
                figures.recordsSentPerJob(),
                "records",
                null,
                null,
                conditions);
    }

    WorkerProcess jobQueueWorker(final String dc, final Path config) {
        return WorkerProcess.start(
                environment.dir(),
                "worker-" + dc,
                settings.workerHeapMiB(),
                profile,
                List.of("jobqueue", config.toString()));
    }

    WorkerProcess passThroughWorker(final String dc, final Path config, final String outTopic) {
        return WorkerProcess.start(
                environment.dir(),
                "worker-" + dc,
                settings.workerHeapMiB(),
                profile,
                List.of("pass-through", config.toString(), outTopic));
    }

    /** The conditions of one figure: the run's plus the scenario's own. */
    Map<String, Object> conditions(final ProcessingGuarantee guarantee, final Object... keysAndValues) {
        final Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("partitions", settings.partitions());
        if (guarantee != null) conditions.put("guarantee", guarantee.streamsValue());
        conditions.put("record_bytes", JobStream.MIN_BYTES + "-" + JobStream.MAX_BYTES);
        conditions.put("load_average_1m", Conditions.loadAverage());
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            conditions.put(keysAndValues[i].toString(), keysAndValues[i + 1]);
        }
        return conditions;
    }

    void figure(
            final String scenario,
            final ProcessingGuarantee guarantee,
            final String name,
            final double value,
            final String unit,
            final String target,
            final Boolean met,
            final Map<String, Object> conditions) {
        report.add(new BenchReport.Figure(
                scenario,
                guarantee == null ? "" : guarantee.streamsValue().toLowerCase(Locale.ROOT),
                name,
                value,
                unit,
                target,
                met,
                conditions));
    }

    /**
     * The {@code quantile} of {@code sample}, or -1 when it is empty. A {@link UniformSnapshot} of every value keeps
     * it exact: it interpolates between the two nearest values.
     */
    static double percentile(final Snapshot sample, final double quantile) {
        return sample.size() == 0 ? -1 : sample.getValue(quantile);
    }

    static double mib(final long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}
