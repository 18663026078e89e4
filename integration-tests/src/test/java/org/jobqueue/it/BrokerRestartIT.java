package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jobqueue.it.support.FaultReport;
import org.jobqueue.tools.processes.BrokerProcess;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.jobqueue.tools.processes.Workload.Job;
import org.jobqueue.topology.config.LaneNames;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker itself crashes: {@code jobqueue broker} runs as a child process, and is killed ({@code kill -9}) while
 * jobs flow through {@code jobqueue run}, {@code execute} and the stub, then started again on the same port and data.
 * Nothing may be lost; no command may be emitted twice; the stub may repeat only what was in flight.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class BrokerRestartIT {
    private static final int JOBS = 5_000;
    private static final int CONCURRENCY_PER_LANE = 8;
    /** What the stub can see twice: every command in flight in every lane when the broker went away. */
    private static final long DUPLICATE_BOUND = (long) LaneNames.BUILT_IN.size() * CONCURRENCY_PER_LANE;

    private static final Duration DOWN_FOR = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");

    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingWhenTheBrokerIsKilledAndRestartedMidStream() throws Exception {
        // Given: a broker in a process of its own, and the whole product running on it
        try (BrokerProcess broker = BrokerProcess.start(dir)) {
            final Deployment deployment = new Deployment(
                    broker,
                    dir,
                    Deployment.Settings.of("eqiad", "jobqueue-broker-restart")
                            .withConcurrencyPerLane(CONCURRENCY_PER_LANE));
            final Workload workload = new Workload(JOBS, 5);
            final List<Job> jobs = workload.jobs();
            final long started = System.nanoTime();
            try (JobQueueProcess stub = deployment.startStub();
                    JobQueueProcess run = deployment.startRun();
                    JobQueueProcess execute = deployment.startExecutors("execute")) {
                run.awaitOutput(ADMIN, TIMEOUT);
                final CompletableFuture<Void> producing = deployment.produceSteadily(jobs, 250, Duration.ofMillis(500));

                // When: the broker is killed mid-stream, stays down a while, and starts again
                await("a third of the jobs executed")
                        .atMost(TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> deployment.executionsById().size() >= JOBS / 3);
                broker.kill();
                final long killedAfter = deployment.executionsById().size();
                final long killed = System.nanoTime();
                Thread.sleep(DOWN_FOR.toMillis());
                broker.restart();
                System.out.printf(
                        "broker: killed after %,d executions, serving again %.1f s later%n",
                        killedAfter, (System.nanoTime() - killed) / 1e9);
                producing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

                // Then
                final FaultReport report = FaultReport.awaitEveryJob(deployment, workload);
                System.out.printf(
                        "broker: %s (bound %d); %.1f s%n",
                        report.summary(), DUPLICATE_BOUND, (System.nanoTime() - started) / 1e9);
                report.assertNoneLostOrEmittedTwice(DUPLICATE_BOUND);
                assertThat(run.isAlive()).as("jobqueue run alive").isTrue();
                assertThat(execute.isAlive()).as("jobqueue execute alive").isTrue();
            }
        }
    }
}
