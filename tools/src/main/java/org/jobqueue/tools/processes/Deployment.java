package org.jobqueue.tools.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.processes.Workload.Job;

/**
 * One data centre's deployment of real processes, for the integration tests and the soak: its topics, configuration
 * files, stub log and processes. The stub's log of executed events is the ground truth: what ran, when, and how often.
 */
public final class Deployment {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STUB_HEAP_MB = 128;

    private final KafkaCluster kafka;
    private final Path dir;
    private final Settings settings;
    private final String dc;
    private final JobQueueTopics topics;
    private final Path config;
    private final StubLog stubLog;
    private final int stubPort = Ports.free();

    /**
     * Settings of a deployment: {@code kafka} properties are added to the generated configuration's {@code kafka} map,
     * {@code queue} and {@code defaults} are its sections of those names, and {@code types} maps each type to its
     * section under {@code types}, all as YAML flow mappings such as {@code {tick: 50ms, in_flight: {low: 1}}}.
     */
    public record Settings(
            String dc,
            List<String> consumeDcs,
            String applicationId,
            int partitions,
            int concurrencyPerLane,
            int heapMb,
            Map<String, String> kafka,
            String queue,
            String defaults,
            Map<String, String> types,
            String periodic) {
        public static Settings of(final String dc, final String applicationId) {
            return new Settings(
                    dc,
                    List.of(dc),
                    applicationId,
                    4,
                    8,
                    256,
                    Map.of(),
                    "{tick: 50ms}",
                    "{retry: {limit: 2, delay: 1s, factor: 2}}",
                    Map.of(
                            "cdnPurge", "{priority: high}",
                            "refreshLinks", "{priority: low}",
                            "htmlCacheUpdate", "{priority: low}"),
                    null);
        }

        public Settings withConsumeDcs(final List<String> dcs) {
            return new Settings(
                    dc,
                    dcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    heapMb,
                    kafka,
                    queue,
                    defaults,
                    types,
                    periodic);
        }

        public Settings withPartitions(final int n) {
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    n,
                    concurrencyPerLane,
                    heapMb,
                    kafka,
                    queue,
                    defaults,
                    types,
                    periodic);
        }

        public Settings withConcurrencyPerLane(final int n) {
            return new Settings(
                    dc, consumeDcs, applicationId, partitions, n, heapMb, kafka, queue, defaults, types, periodic);
        }

        public Settings withHeapMb(final int mb) {
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    mb,
                    kafka,
                    queue,
                    defaults,
                    types,
                    periodic);
        }

        /** Kafka properties on top of the bootstrap servers and a 10 s session time-out. */
        public Settings withKafka(final Map<String, String> properties) {
            final Map<String, String> all = new TreeMap<>(kafka);
            all.putAll(properties);
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    heapMb,
                    all,
                    queue,
                    defaults,
                    types,
                    periodic);
        }

        /** The {@code queue} section, as a YAML flow mapping such as {@code {tick: 50ms, in_flight: {low: 1}}}. */
        public Settings withQueue(final String flowMapping) {
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    heapMb,
                    kafka,
                    flowMapping,
                    defaults,
                    types,
                    periodic);
        }

        /** The {@code defaults} section, such as {@code {retry: {limit: 5, delay: 1s, factor: 2}}}. */
        public Settings withDefaults(final String flowMapping) {
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    heapMb,
                    kafka,
                    queue,
                    flowMapping,
                    types,
                    periodic);
        }

        /** {@code type}'s section under {@code types}, such as {@code {priority: low, fanout: {batch: 300}}}. */
        public Settings withType(final String type, final String flowMapping) {
            final Map<String, String> all = new TreeMap<>(types);
            all.put(type, flowMapping);
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    heapMb,
                    kafka,
                    queue,
                    defaults,
                    all,
                    periodic);
        }

        /** The {@code periodic} section, such as {@code {tick: {type: T, wikis: [enwiki], every: 2s}}}. */
        public Settings withPeriodic(final String flowMapping) {
            return new Settings(
                    dc,
                    consumeDcs,
                    applicationId,
                    partitions,
                    concurrencyPerLane,
                    heapMb,
                    kafka,
                    queue,
                    defaults,
                    types,
                    flowMapping);
        }
    }

    /** Writes the deployment's configuration and creates the job topics of the {@link Workload#TYPES}. */
    public Deployment(final KafkaCluster kafka, final Path dir, final Settings settings) {
        this.kafka = kafka;
        this.dir = dir;
        this.settings = settings;
        this.dc = settings.dc();
        this.topics = new JobQueueTopics(dc, settings.consumeDcs());
        this.stubLog = new StubLog(dir.resolve("stub-" + dc + ".log"));
        this.config = writeConfig(dc, Map.of());
        kafka.createTopics(
                settings.partitions(),
                Workload.TYPES.stream().map(t -> topics.jobEvents(t).name()).toList());
    }

    public Settings settings() {
        return settings;
    }

    public JobQueueTopics topics() {
        return topics;
    }

    public Path config() {
        return config;
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public JobQueueProcess startStub() {
        return startStub(0.0);
    }

    /** Starts the stand-in {@code RunSingleJob.php}, answering 500 to a share {@code failRate} of the jobs. */
    public JobQueueProcess startStub(final double failRate) {
        return JobQueueProcess.start(
                "stub-" + dc,
                dir,
                STUB_HEAP_MB,
                "mediawiki-stub",
                "--port",
                Integer.toString(stubPort),
                "--fail-rate",
                Double.toString(failRate),
                "--log",
                stubLog.file().toString());
    }

    public JobQueueProcess startRun() {
        return startRun("run-" + dc);
    }

    /**
     * Starts an instance named {@code name} with a configuration and a state directory of its own; an instance started
     * again under the same name finds its state where it left it.
     */
    public JobQueueProcess startRun(final String name) {
        return startRun(name, Map.of());
    }

    /** Starts an instance as {@link #startRun(String)} does, with {@code kafka} on top of the deployment's properties. */
    public JobQueueProcess startRun(final String name, final Map<String, String> kafka) {
        return startRun(name, kafka, List.of());
    }

    /** Starts an instance as {@link #startRun(String, Map)} does, with {@code extraArgs} after the others. */
    public JobQueueProcess startRun(final String name, final Map<String, String> kafka, final List<String> extraArgs) {
        final Path instanceConfig = writeConfig(name, kafka);
        final List<String> args =
                new ArrayList<>(List.of("run", "--config", instanceConfig.toString(), "--admin-port", "0"));
        args.addAll(extraArgs);
        return JobQueueProcess.start(name, dir, settings.heapMb(), args.toArray(String[]::new));
    }

    public JobQueueProcess startExecutors(final String name) {
        return JobQueueProcess.start(name, dir, settings.heapMb(), "execute", "--config", config.toString());
    }

    public void produce(final Workload workload) {
        produce(workload.jobs());
    }

    public void produce(final List<Job> jobs) {
        jobs.stream()
                .collect(Collectors.groupingBy(Job::type))
                .forEach((type, ofType) -> kafka.produce(
                        topics.jobEvents(type),
                        ofType.stream()
                                .map(job -> KeyValue.<byte[], byte[]>pair(null, job.json()))
                                .toList()));
    }

    /**
     * Produces {@code jobs} in the background, {@code batch} at a time with {@code pause} between batches, as a
     * steady stream; the future completes when every one is acknowledged.
     */
    public CompletableFuture<Void> produceSteadily(final List<Job> jobs, final int batch, final Duration pause) {
        final ExecutorService producer = Executors.newSingleThreadExecutor();
        final CompletableFuture<Void> done = CompletableFuture.runAsync(
                () -> {
                    for (int from = 0; from < jobs.size(); from += batch) {
                        produce(jobs.subList(from, Math.min(jobs.size(), from + batch)));
                        sleep(pause);
                    }
                },
                producer);
        done.whenComplete((ignored, failure) -> producer.shutdown());
        return done;
    }

    private static void sleep(final Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the stub has executed so far. */
    public Executions executions() {
        return stubLog.read();
    }

    /** Executions at this deployment's stub, by event id. */
    public Map<String, Long> executionsById() {
        return executions().byId();
    }

    /** When the stub first ran each event id. */
    public Map<String, Instant> executionTimes() {
        return stubLog.firstRuns();
    }

    /**
     * Executions per job that must run: a job of its own counts by event id; an original and its sha1 duplicates count
     * as one job, since whichever of them reaches the queue first wins. Jobs that always fail are left out.
     */
    public static Map<String, Long> executionsPerJob(final Workload workload, final Map<String, Long> runs) {
        return workload.jobs().stream()
                .filter(job -> !job.hopeless())
                .collect(Collectors.groupingBy(
                        Job::identity, Collectors.summingLong(job -> runs.getOrDefault(job.eventId(), 0L))));
    }

    /** A counter from an instance's {@code /metrics}, {@code admin} being the URL it printed at start-up. */
    public static long counter(final String admin, final String name) throws IOException, InterruptedException {
        return metrics(admin).path("counters").path(name).path("count").asLong();
    }

    /** A gauge from an instance's {@code /metrics}, such as {@code jobqueue.lane.low.waiting}. */
    public static long gauge(final String admin, final String name) throws IOException, InterruptedException {
        return metrics(admin).path("gauges").path(name).path("value").asLong();
    }

    /** An instance's {@code /metrics} in Prometheus' text format, what a scrape without an {@code Accept} gets. */
    public static String prometheusText(final String admin) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static JsonNode metrics(final String admin) throws IOException, InterruptedException {
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                                .header("Accept", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Writes the configuration of {@code name} (an instance, or the deployment), with a state directory of its own. */
    private Path writeConfig(final String name, final Map<String, String> kafkaOverrides) {
        final Map<String, String> kafkaProperties =
                new TreeMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "session.timeout.ms", "10000"));
        kafkaProperties.putAll(settings.kafka());
        kafkaProperties.putAll(kafkaOverrides);
        final List<String> lines = new ArrayList<>(List.of(
                "dc: " + dc,
                "consume_dcs: [" + String.join(", ", settings.consumeDcs()) + "]",
                "application_id: " + settings.applicationId(),
                "kafka: {"
                        + kafkaProperties.entrySet().stream()
                                .map(property -> property.getKey() + ": \"" + property.getValue() + "\"")
                                .collect(Collectors.joining(", "))
                        + "}",
                "state_dir: " + dir.resolve("state-" + name),
                "topics: {partitions: " + settings.partitions() + ", replication_factor: " + kafka.replicationFactor()
                        + "}",
                "queue: " + settings.queue(),
                "executor:",
                "  endpoint: http://127.0.0.1:" + stubPort + "/rpc/RunSingleJob.php",
                "  timeout: 10s",
                "  concurrency: {high: " + settings.concurrencyPerLane() + ", normal: " + settings.concurrencyPerLane()
                        + ", low: " + settings.concurrencyPerLane() + "}",
                "defaults: " + settings.defaults(),
                "types:"));
        new TreeMap<>(settings.types()).forEach((type, section) -> lines.add("  " + type + ": " + section));
        if (settings.periodic() != null) lines.add("periodic: " + settings.periodic());
        final Path file = dir.resolve("jobqueue-" + name + ".yaml");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
