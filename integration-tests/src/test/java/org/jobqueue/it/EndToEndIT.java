package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.it.support.JobQueueProcess;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.it.support.Workload;
import org.jobqueue.it.support.Workload.Job;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.serdes.JobQueueTopics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product, as operators run it: a real broker, {@code jobqueue run} and {@code jobqueue execute} in JVMs of
 * their own, and {@code jobqueue mediawiki-stub} answering over HTTP. The stub's log of executed events is the ground
 * truth: what ran, when, and how often.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class EndToEndIT {
    private static final int JOBS = 2_000;
    private static final int PARTITIONS = 4;
    private static final int CONCURRENCY_PER_LANE = 8;
    private static final int HEAP_MB = 256;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryJobOnceAndDeadLetterTheHopelessOnes(final TestInfo testInfo) throws Exception {
        // Given: the stub, one topology instance and one executor process
        final Deployment deployment = new Deployment("eqiad", testInfo);
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            final String admin = run.awaitOutput(ADMIN, TIMEOUT);
            // When: 2,000 jobs arrive
            final Workload workload = new Workload(JOBS, 42);
            deployment.produce(workload);
            // Then
            final List<DeadLetter> letters = deployment.awaitDeadLetters(workload);
            deployment.awaitEveryJobExecuted(workload);
            final Map<String, Long> executions = deployment.executionsById();
            assertThat(executions)
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(executionsPerJob(workload, executions))
                    .allSatisfy((job, count) -> assertThat(count).as(job).isEqualTo(1L));
            assertNoDelayedJobRanEarly(workload, deployment.executionTimes());
            assertThat(letters)
                    .allSatisfy(letter -> assertThat(letter.getAttempts()).hasSize(3));
            assertThat(counter(admin, "jobqueue.jobs.deduplicated")).isEqualTo(duplicates(workload));
            System.out.printf(
                    "end-to-end: %d jobs, %d executions at the stub, %d dead letters, %d deduplicated%n",
                    JOBS, executions.size(), letters.size(), counter(admin, "jobqueue.jobs.deduplicated"));
        }
    }

    @Test
    void shouldLoseNothingWhenTheExecutorIsKilledMidRun(final TestInfo testInfo) throws Exception {
        // Given: the same deployment, and jobs flowing
        final Deployment deployment = new Deployment("codfw", testInfo);
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun()) {
            run.awaitOutput(ADMIN, TIMEOUT);
            final Workload workload = new Workload(JOBS, 7);
            final int killedAt;
            try (JobQueueProcess first = deployment.startExecutors("execute-1")) {
                deployment.produce(workload);
                await("a third of the jobs executed")
                        .atMost(TIMEOUT)
                        .until(() -> deployment.executionsById().size() > JOBS / 3);
                // When: kill -9 mid-run, then a new executor process
                killedAt = deployment.executionsById().size();
                first.kill();
            }
            try (JobQueueProcess second = deployment.startExecutors("execute-2")) {
                // Then: nothing lost, and re-executions bounded by what could be in flight
                deployment.awaitDeadLetters(workload);
                deployment.awaitEveryJobExecuted(workload);
                final Map<String, Long> executions = deployment.executionsById();
                assertThat(executionsPerJob(workload, executions))
                        .allSatisfy((job, count) -> assertThat(count).as(job).isPositive());
                final long reExecutions = executions.values().stream()
                        .mapToLong(count -> count - 1)
                        .sum();
                System.out.printf(
                        "kill -9: executor killed after %d executions; %d executions in all, %d re-executions (bound %d)%n",
                        killedAt, executions.size(), reExecutions, 3L * CONCURRENCY_PER_LANE);
                assertThat(reExecutions).isLessThanOrEqualTo(3L * CONCURRENCY_PER_LANE);
            }
        }
    }

    /**
     * Executions per job that must run: a job of its own counts by event id; an original and its sha1 duplicates
     * count as one job, since whichever of them reaches the queue first wins.
     */
    private static Map<String, Long> executionsPerJob(final Workload workload, final Map<String, Long> runs) {
        return workload.jobs().stream()
                .filter(job -> !"always".equals(job.stubFail()))
                .collect(Collectors.groupingBy(
                        EndToEndIT::jobOf, Collectors.summingLong(job -> runs.getOrDefault(job.eventId(), 0L))));
    }

    private static String jobOf(final Job job) {
        return job.sha1() != null ? "sha1 " + job.sha1() : "id " + job.eventId();
    }

    private static void assertNoDelayedJobRanEarly(final Workload workload, final Map<String, Instant> ranAt) {
        workload.jobs().stream()
                .filter(job -> job.delayUntil() != null && ranAt.containsKey(job.eventId()))
                .forEach(job -> assertThat(ranAt.get(job.eventId()))
                        .as(job.eventId())
                        .isAfterOrEqualTo(job.delayUntil().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    private static long duplicates(final Workload workload) {
        return workload.jobs().stream().filter(Job::duplicate).count();
    }

    private static long counter(final String admin, final String name) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("counters").path(name).asLong();
    }

    /** One data centre's deployment: its topics, configuration file, stub log and processes. */
    private final class Deployment {
        private final String dc;
        private final JobQueueTopics topics;
        private final Path config;
        private final Path stubLog;
        private final int stubPort = freePort();

        Deployment(final String dc, final TestInfo testInfo) throws IOException {
            this.dc = dc;
            this.topics = new JobQueueTopics(dc, List.of(dc));
            this.stubLog = dir.resolve("stub.log");
            this.config = writeConfig(KAFKA.uniqueApplicationId(testInfo));
            KAFKA.createTopics(
                    PARTITIONS,
                    Workload.TYPES.stream().map(t -> topics.jobEvents(t).name()).toList());
        }

        JobQueueProcess startStub() {
            return JobQueueProcess.start(
                    "stub",
                    dir,
                    128,
                    "mediawiki-stub",
                    "--port",
                    Integer.toString(stubPort),
                    "--log",
                    stubLog.toString());
        }

        JobQueueProcess startRun() {
            return JobQueueProcess.start(
                    "run", dir, HEAP_MB, "run", "--config", config.toString(), "--admin-port", "0");
        }

        JobQueueProcess startExecutors(final String name) {
            return JobQueueProcess.start(name, dir, HEAP_MB, "execute", "--config", config.toString());
        }

        void produce(final Workload workload) {
            workload.jobs().stream()
                    .collect(Collectors.groupingBy(Job::type))
                    .forEach((type, jobs) -> KAFKA.produce(
                            topics.jobEvents(type),
                            jobs.stream()
                                    .map(job -> KeyValue.<byte[], byte[]>pair(null, job.json()))
                                    .toList()));
        }

        List<DeadLetter> awaitDeadLetters(final Workload workload) {
            final long hopeless = workload.jobs().stream()
                    .filter(job -> "always".equals(job.stubFail()))
                    .count();
            return KAFKA.consumeUntil(topics.deadLetter(), letters -> letters.size() >= hopeless, TIMEOUT).stream()
                    .map(ConsumerRecord::value)
                    .toList();
        }

        void awaitEveryJobExecuted(final Workload workload) {
            await("every job executed")
                    .atMost(TIMEOUT)
                    .until(() -> executionsPerJob(workload, executionsById()).values().stream()
                            .allMatch(count -> count > 0));
            // Anything still to come would be a second execution: give it the time to show.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        }

        Map<String, Long> executionsById() {
            return stubLines().stream()
                    .collect(Collectors.groupingBy(line -> line.path("id").asText(), Collectors.counting()));
        }

        Map<String, Instant> executionTimes() {
            return stubLines().stream()
                    .collect(Collectors.toMap(
                            line -> line.path("id").asText(),
                            line -> Instant.parse(line.path("ts").asText()),
                            (first, second) -> first));
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

        private Path writeConfig(final String applicationId) throws IOException {
            final String yaml = String.join(
                    "\n",
                    "dc: " + dc,
                    "application_id: " + applicationId,
                    "kafka: {bootstrap.servers: \"" + KAFKA.bootstrapServers() + "\", session.timeout.ms: \"10000\"}",
                    "state_dir: " + dir.resolve("state-" + dc),
                    "topics: {partitions: " + PARTITIONS + ", replication_factor: 1}",
                    "queue: {tick: 50ms}",
                    "executor:",
                    "  endpoint: http://127.0.0.1:" + stubPort + "/rpc/RunSingleJob.php",
                    "  timeout: 10s",
                    "  concurrency: {high: " + CONCURRENCY_PER_LANE + ", normal: " + CONCURRENCY_PER_LANE + ", low: "
                            + CONCURRENCY_PER_LANE + "}",
                    "defaults: {retry: {limit: 2, delay: 1s, factor: 2}}",
                    "types:",
                    "  cdnPurge: {priority: high}",
                    "  refreshLinks: {priority: low}",
                    "  htmlCacheUpdate: {priority: low}",
                    "");
            final Path file = dir.resolve("jobqueue-" + dc + ".yaml");
            Files.writeString(file, yaml);
            return file;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
