package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jobqueue.it.support.FaultReport;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.jobqueue.tools.processes.Workload.Job;
import org.jobqueue.topology.config.LaneNames;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code jobqueue run} instances in JVMs of their own share the partitions while 10,000 jobs flow through them to
 * the executors and the stub; one instance is killed ({@code kill -9}) mid-stream, then another, then both start
 * again. Under {@code exactly_once_v2} every job must run at least once, no command may be emitted twice, and the stub
 * may see a job twice only for what was in flight at the kills.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class KillIT {
    private static final int JOBS = 6_000;
    /** Produced before any instance starts: a new application must read them from the earliest offset. */
    private static final int BEFORE_THE_FIRST_START = 1_000;

    private static final int PARTITIONS = 6;
    private static final int CONCURRENCY_PER_LANE = 8;
    private static final int KILLS = 2;
    /** What the stub can see twice: every command in flight in every lane at each kill. */
    private static final long DUPLICATE_BOUND = (long) KILLS * LaneNames.BUILT_IN.size() * CONCURRENCY_PER_LANE;

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryJobAndEmitNoCommandTwiceWhenTwoOfThreeInstancesAreKilled(final TestInfo testInfo)
            throws Exception {
        // Given: jobs waiting before the application's first start, then three instances, executors and the stub
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("eqiad", KAFKA.uniqueApplicationId(testInfo))
                        .withPartitions(PARTITIONS)
                        .withConcurrencyPerLane(CONCURRENCY_PER_LANE));
        final Workload workload = new Workload(JOBS, 3);
        final List<Job> jobs = workload.jobs();
        deployment.produce(jobs.subList(0, BEFORE_THE_FIRST_START));
        final long started = System.nanoTime();
        final List<JobQueueProcess> processes = new ArrayList<>();
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            for (final String name : List.of("run-1", "run-2", "run-3")) processes.add(deployment.startRun(name));
            for (final JobQueueProcess run : processes) run.awaitOutput(ADMIN, TIMEOUT);
            final CompletableFuture<Void> producing =
                    deployment.produceSteadily(jobs.subList(BEFORE_THE_FIRST_START, JOBS), 500, Duration.ofMillis(500));

            // When: run-1 is killed mid-stream, then run-2, then both start again on their own state
            awaitExecutions(deployment, JOBS / 4);
            final long firstKill = kill(processes.get(0), deployment);
            awaitExecutions(deployment, JOBS * 9 / 20);
            final long secondKill = kill(processes.get(1), deployment);
            awaitExecutions(deployment, JOBS * 3 / 5);
            processes.set(0, deployment.startRun("run-1"));
            processes.set(1, deployment.startRun("run-2"));
            System.out.printf(
                    "kill: run-1 killed after %,d executions, run-2 after %,d, both restarted after %,d%n",
                    firstKill, secondKill, deployment.executionsById().size());
            producing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            // Then: every job ran, no command was emitted twice, and the stub's repeats are within what was in flight
            final FaultReport report = FaultReport.awaitEveryJob(deployment, workload);
            System.out.printf(
                    "kill: %s (bound %d); %.1f s%n",
                    report.summary(), DUPLICATE_BOUND, (System.nanoTime() - started) / 1e9);
            report.assertNoneLostOrEmittedTwice(DUPLICATE_BOUND);
            assertThat(processes).allSatisfy(run -> assertThat(run.isAlive()).isTrue());
        } finally {
            processes.forEach(JobQueueProcess::close);
        }
    }

    /** Kills {@code run} and returns how many jobs had run by then. */
    private static long kill(final JobQueueProcess run, final Deployment deployment) {
        run.kill();
        return deployment.executionsById().size();
    }

    private static void awaitExecutions(final Deployment deployment, final int executions) {
        await(executions + " jobs executed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> deployment.executionsById().size() >= executions);
    }
}
