package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jobqueue.it.support.FaultReport;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.jobqueue.topology.config.LaneNames;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart as the README tells operators to do it: three {@code jobqueue run} instances under a steady load
 * are stopped ({@code SIGTERM}) and started again one at a time, each only once the one before answers {@code /health}
 * with 200. Every restarted instance must say it is not ready while it rejoins and restores; no job may be lost and no
 * command emitted twice.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class RollingRestartIT {
    private static final int JOBS = 3_000;
    private static final int PARTITIONS = 6;
    private static final int CONCURRENCY_PER_LANE = 8;
    /** A clean stop commits and leaves the group; the bound only covers commands in flight at each hand-over. */
    private static final long DUPLICATE_BOUND = 3L * LaneNames.BUILT_IN.size() * CONCURRENCY_PER_LANE;

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingWhenEveryInstanceIsRestartedInTurnAfterTheOneBeforeIsReady(final TestInfo testInfo)
            throws Exception {
        // Given: three instances, executors and the stub, with jobs flowing
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("eqiad", KAFKA.uniqueApplicationId(testInfo))
                        .withPartitions(PARTITIONS)
                        .withConcurrencyPerLane(CONCURRENCY_PER_LANE));
        final Workload workload = new Workload(JOBS, 21);
        final List<JobQueueProcess> runs = new ArrayList<>();
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            for (final String name : List.of("run-1", "run-2", "run-3")) runs.add(deployment.startRun(name));
            for (final JobQueueProcess run : runs) awaitReady(run.awaitOutput(ADMIN, TIMEOUT));
            final CompletableFuture<Void> producing =
                    deployment.produceSteadily(workload.jobs(), 200, Duration.ofMillis(500));

            // When: each instance in turn is stopped and started again, the next only once it is ready
            for (int i = 0; i < runs.size(); i++) {
                final String name = "run-" + (i + 1);
                runs.get(i).stop();
                runs.set(i, deployment.startRun(name));
                final List<String> seen = awaitReady(runs.get(i).awaitOutput(ADMIN, TIMEOUT));
                System.out.printf("rolling: %s restarted; /health said before 200: %s%n", name, seen);

                // Then it said it was not ready until it was
                assertThat(seen).as(name + "'s answers before it was ready").isNotEmpty();
            }
            producing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            // Then
            final FaultReport report = FaultReport.awaitEveryJob(deployment, workload);
            System.out.printf("rolling: %s (bound %d)%n", report.summary(), DUPLICATE_BOUND);
            report.assertNoneLostOrEmittedTwice(DUPLICATE_BOUND);
        } finally {
            runs.forEach(JobQueueProcess::close);
        }
    }

    /**
     * Polls {@code /health} until it answers 200, and returns what it said before: each distinct "503 state: reasons".
     */
    private static List<String> awaitReady(final String admin) {
        final Set<String> notReady = new LinkedHashSet<>();
        await(admin + " ready")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    final HttpResponse<String> response = health(admin);
                    if (response.statusCode() == 200) return true;
                    final JsonNode body = JSON.readTree(response.body());
                    notReady.add(response.statusCode() + " " + body.path("reasons"));
                    return false;
                });
        return List.copyOf(notReady);
    }

    private static HttpResponse<String> health(final String admin) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + "/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
