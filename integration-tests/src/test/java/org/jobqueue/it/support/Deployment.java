package org.jobqueue.it.support;

import static org.awaitility.Awaitility.await;

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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.it.support.Workload.Job;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.serdes.JobQueueTopics;

/**
 * One data centre's deployment for real-process tests: its topics, configuration file, stub log and processes. The
 * stub's log of executed events is the ground truth: what ran, when, and how often.
 */
public final class Deployment {
    public static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaCluster kafka;
    private final Path dir;
    private final Settings settings;
    private final String dc;
    private final JobQueueTopics topics;
    private final Path config;
    private final Path stubLog;
    private final int stubPort = Ports.free();

    /**
     * Settings of a deployment: {@code kafka} properties are added to the generated configuration's {@code kafka} map,
     * {@code queue} is its {@code queue} section, and {@code extraYaml} lines are appended to it.
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
            List<String> extraYaml) {
        public static Settings of(final String dc, final String applicationId) {
            return new Settings(dc, List.of(dc), applicationId, 4, 8, 256, Map.of(), "{tick: 50ms}", List.of());
        }

        public Settings withConsumeDcs(final List<String> dcs) {
            return new Settings(
                    dc, dcs, applicationId, partitions, concurrencyPerLane, heapMb, kafka, queue, extraYaml);
        }

        public Settings withPartitions(final int n) {
            return new Settings(dc, consumeDcs, applicationId, n, concurrencyPerLane, heapMb, kafka, queue, extraYaml);
        }

        public Settings withConcurrencyPerLane(final int n) {
            return new Settings(dc, consumeDcs, applicationId, partitions, n, heapMb, kafka, queue, extraYaml);
        }

        public Settings withHeapMb(final int mb) {
            return new Settings(
                    dc, consumeDcs, applicationId, partitions, concurrencyPerLane, mb, kafka, queue, extraYaml);
        }

        /** Kafka properties on top of the bootstrap servers and a 10 s session time-out. */
        public Settings withKafka(final Map<String, String> properties) {
            final Map<String, String> all = new TreeMap<>(kafka);
            all.putAll(properties);
            return new Settings(
                    dc, consumeDcs, applicationId, partitions, concurrencyPerLane, heapMb, all, queue, extraYaml);
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
                    extraYaml);
        }

        public Settings withExtraYaml(final String... lines) {
            final List<String> all = new ArrayList<>(extraYaml);
            all.addAll(List.of(lines));
            return new Settings(
                    dc, consumeDcs, applicationId, partitions, concurrencyPerLane, heapMb, kafka, queue, all);
        }
    }

    public Deployment(final KafkaCluster kafka, final Path dir, final Settings settings) {
        this.kafka = kafka;
        this.dir = dir;
        this.settings = settings;
        this.dc = settings.dc();
        this.topics = new JobQueueTopics(dc, settings.consumeDcs());
        this.stubLog = dir.resolve("stub-" + dc + ".log");
        this.config = writeConfig(dc, Map.of());
        kafka.createTopics(
                settings.partitions(),
                Workload.TYPES.stream().map(t -> topics.jobEvents(t).name()).toList());
    }

    public JobQueueTopics topics() {
        return topics;
    }

    public Path config() {
        return config;
    }

    public Path stubLog() {
        return stubLog;
    }

    public JobQueueProcess startStub() {
        return JobQueueProcess.start(
                "stub-" + dc,
                dir,
                128,
                "mediawiki-stub",
                "--port",
                Integer.toString(stubPort),
                "--log",
                stubLog.toString());
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
        final Path instanceConfig = writeConfig(name, kafka);
        return JobQueueProcess.start(
                name, dir, settings.heapMb(), "run", "--config", instanceConfig.toString(), "--admin-port", "0");
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

    public KafkaCluster kafka() {
        return kafka;
    }

    public List<DeadLetter> awaitDeadLetters(final Workload workload) {
        final long hopeless = workload.jobs().stream()
                .filter(job -> "always".equals(job.stubFail()))
                .count();
        return kafka.consumeUntil(topics.deadLetter(), letters -> letters.size() >= hopeless, TIMEOUT).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    public void awaitEveryJobExecuted(final Workload workload) {
        awaitExecuted(() ->
                executionsPerJob(workload, executionsById()).values().stream().allMatch(count -> count > 0));
    }

    /** Waits until the stub has run every event of {@code eventIds}, and then a little longer. */
    public void awaitEveryEventExecuted(final Collection<String> eventIds) {
        awaitExecuted(() -> executionsById().keySet().containsAll(eventIds));
    }

    private static void awaitExecuted(final Callable<Boolean> everyOne) {
        await("every job executed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(everyOne);
        // Anything still to come would be a second execution: give it the time to show.
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    }

    /** Executions at this deployment's stub, by event id. */
    public Map<String, Long> executionsById() {
        return stubLines().stream()
                .collect(Collectors.groupingBy(line -> line.path("id").asText(), Collectors.counting()));
    }

    public Map<String, Instant> executionTimes() {
        return stubLines().stream()
                .collect(Collectors.toMap(
                        line -> line.path("id").asText(),
                        line -> Instant.parse(line.path("ts").asText()),
                        (first, second) -> first));
    }

    /**
     * Executions per job that must run: a job of its own counts by event id; an original and its sha1 duplicates count
     * as one job, since whichever of them reaches the queue first wins. Jobs that always fail are left out.
     */
    public static Map<String, Long> executionsPerJob(final Workload workload, final Map<String, Long> runs) {
        return workload.jobs().stream()
                .filter(job -> !"always".equals(job.stubFail()))
                .collect(Collectors.groupingBy(
                        Deployment::jobOf, Collectors.summingLong(job -> runs.getOrDefault(job.eventId(), 0L))));
    }

    private static String jobOf(final Job job) {
        return job.sha1() != null ? "sha1 " + job.sha1() : "id " + job.eventId();
    }

    /** A counter from an instance's {@code /metrics}, {@code admin} being the URL it printed at start-up. */
    public static long counter(final String admin, final String name) throws IOException, InterruptedException {
        return metrics(admin).path("counters").path(name).path("count").asLong();
    }

    /** A gauge from an instance's {@code /metrics}, such as {@code jobqueue.lane.low.waiting}. */
    public static long gauge(final String admin, final String name) throws IOException, InterruptedException {
        return metrics(admin).path("gauges").path(name).path("value").asLong();
    }

    private static JsonNode metrics(final String admin) throws IOException, InterruptedException {
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private List<JsonNode> stubLines() {
        try {
            if (!Files.exists(stubLog)) return List.of();
            return Files.readAllLines(stubLog).stream()
                    .filter(line -> line.endsWith("}"))
                    .map(Deployment::parse)
                    .toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(final String line) {
        try {
            return JSON.readTree(line);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
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
                "defaults: {retry: {limit: 2, delay: 1s, factor: 2}}",
                "types:",
                "  cdnPurge: {priority: high}",
                "  refreshLinks: {priority: low}",
                "  htmlCacheUpdate: {priority: low}"));
        lines.addAll(settings.extraYaml());
        final Path file = dir.resolve("jobqueue-" + name + ".yaml");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
