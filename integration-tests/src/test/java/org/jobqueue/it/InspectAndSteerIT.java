package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.it.support.Awaits;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeing inside and steering a deployment of two {@code jobqueue run} processes, as an operator does: the commands find
 * the instances on the instances topic, and each instance answers for the whole deployment, forwarding to the other
 * for the partitions it does not own.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class InspectAndSteerIT {
    private static final int JOBS = 200;
    private static final int PARTITIONS = 4;
    private static final String PAUSED_TYPE = "refreshLinks";
    private static final String TOKEN = "s3cret-admin-token";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration HELD = Duration.ofSeconds(3);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldSeeInsideAndSteerTwoInstancesFromEither(final TestInfo testInfo) throws Exception {
        // Given: a stub, two instances and an executor process; the type paused before any job arrives
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("eqiad", KAFKA.uniqueApplicationId(testInfo))
                        .withPartitions(PARTITIONS)
                        .withConcurrencyPerLane(4)
                        .withHeapMb(256));
        final String config = deployment.config().toString();
        final List<String> tokenArgs = List.of(
                "--admin-token-file",
                Files.writeString(dir.resolve("token"), TOKEN).toString());
        assertThat(jobqueue("pause", "--config", config, "--type", PAUSED_TYPE).exitCode())
                .isZero();
        final Workload workload = new Workload(JOBS, 11);
        final Set<String> pausedJobs = identities(workload, PAUSED_TYPE);
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess runA = deployment.startRun("run-a", Map.of(), tokenArgs);
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            final String adminA = runA.awaitOutput(ADMIN, TIMEOUT);
            JobQueueProcess runB = deployment.startRun("run-b", Map.of(), tokenArgs);
            try {
                final String adminB = runB.awaitOutput(ADMIN, TIMEOUT);
                awaitPartitionsSplit(adminA);

                // When the jobs arrive
                deployment.produce(workload);

                // Then the others run, and the paused type's wait on both instances, counted by either
                awaitOthersExecuted(deployment, workload);
                assertNothingOfThePausedTypeRuns(deployment, workload);
                final JsonNode queue = json(jobqueue("queue", "--config", config, "--type", PAUSED_TYPE, "--json"));
                assertThat(queue.path("complete").asBoolean()).isTrue();
                assertThat(queue.path("instances").size()).isEqualTo(2);
                assertThat(queue.path("types").get(0).path("ready").asLong()).isEqualTo(pausedJobs.size());
                assertThat(get(adminB, "/api/queue?type=" + PAUSED_TYPE)
                                .path("types")
                                .get(0)
                                .path("ready")
                                .asLong())
                        .isEqualTo(pausedJobs.size());

                // And either instance lists both instances, and sums both instances' rates
                final JsonNode instances = get(adminB, "/api/instances");
                assertThat(instances.size()).isEqualTo(2);
                assertThat(instances)
                        .allSatisfy(instance ->
                                assertThat(instance.path("active").size()).isPositive());
                await("both instances' arrivals in the rates")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> {
                            final JsonNode rates = get(adminA, "/api/rates");
                            long arrived = 0;
                            for (final JsonNode count : rates.path("counts").path("jobs.received")) {
                                arrived += count.asLong();
                            }
                            return rates.path("instances").asInt() == 2 && arrived == JOBS;
                        });

                // And each instance finds every job of the paused type, forwarding for the other's partitions
                for (final Workload.Job job : ofType(workload, PAUSED_TYPE)) {
                    final String state = job.duplicate() ? "deduplicated" : "waiting";
                    assertThat(get(adminA, "/api/jobs/" + job.eventId())
                                    .path("job")
                                    .path("state")
                                    .asText())
                            .as(job.eventId())
                            .isEqualTo(state);
                    assertThat(get(adminB, "/api/jobs/" + job.eventId())
                                    .path("job")
                                    .path("state")
                                    .asText())
                            .as(job.eventId())
                            .isEqualTo(state);
                }
                final Ran show = jobqueue(
                        "jobs",
                        "show",
                        "--config",
                        config,
                        firstOriginal(workload).eventId());
                assertThat(show.exitCode()).isZero();
                assertThat(json(show).path("job_key").asText()).isNotEmpty();
                assertThat(jobqueue("jobs", "show", "--config", config, "no-such-event")
                                .exitCode())
                        .isEqualTo(1);

                // When instance B restarts
                runB.stop();
                runB.close();
                runB = deployment.startRun("run-b", Map.of(), tokenArgs);
                final String restartedB = runB.awaitOutput(ADMIN, TIMEOUT);
                awaitPartitionsSplit(restartedB);

                // Then the pause still holds
                assertNothingOfThePausedTypeRuns(deployment, workload);

                // When the type is resumed over the API: refused without the token, done with it
                assertThat(post(restartedB, "/api/resume", "{\"type\":\"" + PAUSED_TYPE + "\"}", null))
                        .isEqualTo(401);
                assertThat(post(restartedB, "/api/resume", "{\"type\":\"" + PAUSED_TYPE + "\"}", TOKEN))
                        .isEqualTo(200);

                // Then every job of the type runs, once
                Awaits.everyJobExecuted(deployment, workload);
                assertThat(Deployment.executionsPerJob(workload, deployment.executionsById()))
                        .allSatisfy((job, count) -> assertThat(count).as(job).isEqualTo(1L));

                // When a dead job is retried
                final Workload.Job dead = workload.jobs().stream()
                        .filter(Workload.Job::hopeless)
                        .findFirst()
                        .orElseThrow();
                Awaits.deadLetters(deployment, workload);
                assertThat(get(adminA, "/api/jobs/" + dead.eventId())
                                .path("job")
                                .path("state")
                                .asText())
                        .isEqualTo("dead-letter");
                assertThat(jobqueue("dead-letter", "retry", "--config", config, "--id", dead.eventId())
                                .exitCode())
                        .isZero();

                // Then its copy runs once more: the stub fails it again, so it is dead-lettered anew, attempted again
                final List<DeadLetter> retried = deployment
                        .kafka()
                        .consumeUntil(
                                deployment.topics().deadLetter(),
                                letters -> letters.stream().anyMatch(letter -> isRetryOf(letter.value(), dead)),
                                TIMEOUT)
                        .stream()
                        .map(ConsumerRecord::value)
                        .filter(letter -> isRetryOf(letter, dead))
                        .toList();
                assertThat(retried)
                        .singleElement()
                        .satisfies(letter -> assertThat(letter.getAttempts()).hasSize(3));
            } finally {
                runB.close();
            }
        }
    }

    private static void awaitOthersExecuted(final Deployment deployment, final Workload workload) {
        final Set<String> others = workload.jobs().stream()
                .filter(job -> !job.type().equals(PAUSED_TYPE) && !job.hopeless() && !job.duplicate())
                .map(Workload.Job::identity)
                .collect(Collectors.toSet());
        await("the jobs of the other types executed")
                .atMost(TIMEOUT)
                .until(() -> Deployment.executionsPerJob(workload, deployment.executionsById()).entrySet().stream()
                        .filter(job -> others.contains(job.getKey()))
                        .allMatch(job -> job.getValue() > 0));
    }

    private static void assertNothingOfThePausedTypeRuns(final Deployment deployment, final Workload workload) {
        final Set<String> pausedIds = ofType(workload, PAUSED_TYPE).stream()
                .map(Workload.Job::eventId)
                .collect(Collectors.toSet());
        await("nothing of the paused type runs")
                .during(HELD)
                .atMost(HELD.plusSeconds(5))
                .until(() -> deployment.executionsById().keySet().stream().noneMatch(pausedIds::contains));
    }

    /** Waits until both instances own queue partitions, as an API answer says. */
    private static void awaitPartitionsSplit(final String admin) {
        await("both instances own partitions")
                .atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> {
                    final JsonNode queue = get(admin, "/api/queue");
                    return queue.path("complete").asBoolean()
                            && queue.path("instances").size() == 2;
                });
    }

    private static boolean isRetryOf(final DeadLetter letter, final Workload.Job job) {
        try {
            return JSON.readTree(letter.getEvent())
                    .path("meta")
                    .path("retry_of")
                    .asText()
                    .equals(job.eventId());
        } catch (final IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static List<Workload.Job> ofType(final Workload workload, final String type) {
        return workload.jobs().stream().filter(job -> job.type().equals(type)).toList();
    }

    private static Set<String> identities(final Workload workload, final String type) {
        return ofType(workload, type).stream().map(Workload.Job::identity).collect(Collectors.toSet());
    }

    private static Workload.Job firstOriginal(final Workload workload) {
        return ofType(workload, PAUSED_TYPE).stream()
                .filter(job -> !job.duplicate())
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode get(final String admin, final String path) throws Exception {
        final HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int post(final String admin, final String path, final String body, final String token)
            throws Exception {
        final HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(admin + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static JsonNode json(final Ran ran) throws Exception {
        return JSON.readTree(ran.out());
    }

    private static Ran jobqueue(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = JobQueueCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Ran(exitCode, out.toString(), err.toString());
    }

    private record Ran(int exitCode, String out, String err) {}
}
