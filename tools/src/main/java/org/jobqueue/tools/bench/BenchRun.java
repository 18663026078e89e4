package org.jobqueue.tools.bench;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    final BenchEnvironment environment;
    final BenchSettings settings;
    final BenchReport report;
    final boolean profile;

    BenchRun(
            final BenchEnvironment environment,
            final BenchSettings settings,
            final BenchReport report,
            final boolean profile) {
        this.environment = environment;
        this.settings = settings;
        this.report = report;
        this.profile = profile;
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

    /** Writes the configuration of {@code dc}'s topology; {@code typesYaml} lists the types' settings. */
    Path writeConfig(final String dc, final ProcessingGuarantee guarantee, final String queueYaml, final String types) {
        final String yaml = String.join(
                "\n",
                "dc: " + dc,
                "application_id: " + applicationId(dc),
                "kafka: {bootstrap.servers: \"" + environment.bootstrapServers() + "\"}",
                "state_dir: " + environment.dir().resolve("state-" + dc),
                "processing_guarantee: " + guarantee.streamsValue(),
                "topics: {partitions: " + settings.partitions() + ", replication_factor: 1}",
                "queue: {in_flight: {high: " + IN_FLIGHT + ", normal: " + IN_FLIGHT + ", low: " + IN_FLIGHT + "}"
                        + (queueYaml.isEmpty() ? "" : ", " + queueYaml) + "}",
                "types:",
                "  cdnPurge: {priority: high}",
                "  htmlCacheUpdate: {priority: low}",
                "  refreshLinks: {priority: low" + (types.isEmpty() ? "" : ", " + types) + "}",
                "");
        final Path file = environment.dir().resolve(dc + ".yaml");
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
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
