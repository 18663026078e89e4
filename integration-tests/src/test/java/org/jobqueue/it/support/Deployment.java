package org.jobqueue.it.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

    private final KafkaClusterExtension kafka;
    private final Path dir;
    private final String dc;
    private final JobQueueTopics topics;
    private final Path config;
    private final Path stubLog;
    private final int stubPort = freePort();
    private final int heapMb;

    /** Settings of a deployment; {@code extraYaml} lines are appended to the generated configuration. */
    public record Settings(
            String dc,
            List<String> consumeDcs,
            String applicationId,
            int partitions,
            int concurrencyPerLane,
            int heapMb,
            List<String> extraYaml) {
        public static Settings of(final String dc, final String applicationId) {
            return new Settings(dc, List.of(dc), applicationId, 4, 8, 256, List.of());
        }

        public Settings withConsumeDcs(final List<String> dcs) {
            return new Settings(dc, dcs, applicationId, partitions, concurrencyPerLane, heapMb, extraYaml);
        }

        public Settings withPartitions(final int n) {
            return new Settings(dc, consumeDcs, applicationId, n, concurrencyPerLane, heapMb, extraYaml);
        }

        public Settings withConcurrencyPerLane(final int n) {
            return new Settings(dc, consumeDcs, applicationId, partitions, n, heapMb, extraYaml);
        }

        public Settings withHeapMb(final int mb) {
            return new Settings(dc, consumeDcs, applicationId, partitions, concurrencyPerLane, mb, extraYaml);
        }

        public Settings withExtraYaml(final String... lines) {
            final List<String> all = new ArrayList<>(extraYaml);
            all.addAll(List.of(lines));
            return new Settings(dc, consumeDcs, applicationId, partitions, concurrencyPerLane, heapMb, all);
        }
    }

    public Deployment(final KafkaClusterExtension kafka, final Path dir, final Settings settings) {
        this.kafka = kafka;
        this.dir = dir;
        this.dc = settings.dc();
        this.heapMb = settings.heapMb();
        this.topics = new JobQueueTopics(dc, settings.consumeDcs());
        this.stubLog = dir.resolve("stub-" + dc + ".log");
        try {
            this.config = writeConfig(settings);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
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

    public JobQueueProcess startRun(final String name) {
        return JobQueueProcess.start(name, dir, heapMb, "run", "--config", config.toString(), "--admin-port", "0");
    }

    public JobQueueProcess startExecutors(final String name) {
        return JobQueueProcess.start(name, dir, heapMb, "execute", "--config", config.toString());
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

    public List<DeadLetter> awaitDeadLetters(final Workload workload) {
        final long hopeless = workload.jobs().stream()
                .filter(job -> "always".equals(job.stubFail()))
                .count();
        return kafka.consumeUntil(topics.deadLetter(), letters -> letters.size() >= hopeless, TIMEOUT).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    public void awaitEveryJobExecuted(final Workload workload) {
        await("every job executed")
                .atMost(TIMEOUT)
                .until(() -> executionsPerJob(workload, executionsById()).values().stream()
                        .allMatch(count -> count > 0));
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
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("counters").path(name).asLong();
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

    private Path writeConfig(final Settings settings) throws IOException {
        final List<String> lines = new ArrayList<>(List.of(
                "dc: " + dc,
                "consume_dcs: [" + String.join(", ", settings.consumeDcs()) + "]",
                "application_id: " + settings.applicationId(),
                "kafka: {bootstrap.servers: \"" + kafka.bootstrapServers() + "\", session.timeout.ms: \"10000\"}",
                "state_dir: " + dir.resolve("state-" + dc),
                "topics: {partitions: " + settings.partitions() + ", replication_factor: 1}",
                "queue: {tick: 50ms}",
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
        final Path file = dir.resolve("jobqueue-" + dc + ".yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
