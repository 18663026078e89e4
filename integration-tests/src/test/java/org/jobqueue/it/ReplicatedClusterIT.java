package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jobqueue.it.support.BrokerCluster;
import org.jobqueue.it.support.FaultReport;
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
 * A replicated cluster loses a broker: three KRaft nodes in processes of their own, topics with three replicas and min
 * ISR 2, and the whole product running on them under {@code exactly_once_v2}. Mid-stream, the leader of a command
 * partition is killed ({@code kill -9}) and comes back; then the leader of a partition of the repartition topic. No job
 * may be lost and no command emitted twice.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ReplicatedClusterIT {
    private static final int JOBS = 2_500;
    private static final int CONCURRENCY_PER_LANE = 8;
    private static final String APPLICATION_ID = "jobqueue-replicated";
    /** What the stub can see twice: every command in flight in every lane, at each of the two kills. */
    private static final long DUPLICATE_BOUND = 2L * LaneNames.BUILT_IN.size() * CONCURRENCY_PER_LANE;

    private static final Duration DOWN_FOR = Duration.ofSeconds(8);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");

    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingAndEmitNothingTwiceWhenPartitionLeadersAreKilled() throws Exception {
        // Given: three brokers, and the whole product running on them
        try (BrokerCluster cluster = BrokerCluster.start(dir)) {
            final Deployment deployment = new Deployment(
                    cluster,
                    dir,
                    Deployment.Settings.of("eqiad", APPLICATION_ID).withConcurrencyPerLane(CONCURRENCY_PER_LANE));
            final Workload workload = new Workload(JOBS, 13);
            final List<Job> jobs = workload.jobs();
            final long started = System.nanoTime();
            try (JobQueueProcess stub = deployment.startStub();
                    JobQueueProcess run = deployment.startRun();
                    JobQueueProcess execute = deployment.startExecutors("execute")) {
                run.awaitOutput(ADMIN, TIMEOUT);
                final CompletableFuture<Void> producing = deployment.produceSteadily(jobs, 200, Duration.ofMillis(500));

                // When: the leader of a low-lane command partition is killed, and comes back
                awaitExecutions(deployment, JOBS / 4);
                final String commands = deployment.topics().commands("low").name();
                final int commandLeader = killLeaderFor(cluster, commands);
                // ...then the leader of a partition of the repartition topic, where intake hands jobs to the queue
                awaitExecutions(deployment, JOBS / 2);
                final String repartition = APPLICATION_ID + "-jobs-by-key-repartition";
                final int repartitionLeader = killLeaderFor(cluster, repartition);
                System.out.printf(
                        "replicated: killed node %d (leader of %s-0), then node %d (leader of %s-0)%n",
                        commandLeader, commands, repartitionLeader, repartition);
                producing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

                // Then
                final FaultReport report = FaultReport.awaitEveryJob(deployment, workload);
                System.out.printf(
                        "replicated: %s (bound %d); %.1f s%n",
                        report.summary(), DUPLICATE_BOUND, (System.nanoTime() - started) / 1e9);
                report.assertNoneLostOrEmittedTwice(DUPLICATE_BOUND);
                assertThat(run.isAlive()).as("jobqueue run alive").isTrue();
                assertThat(execute.isAlive()).as("jobqueue execute alive").isTrue();
            }
        }
    }

    /** Kills the node that leads partition 0 of {@code topic}, keeps it down a while, starts it again; its id. */
    private static int killLeaderFor(final BrokerCluster cluster, final String topic) throws InterruptedException {
        final int leader = cluster.leaderOf(topic, 0);
        cluster.kill(leader);
        await("a new leader of " + topic + "-0")
                .atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> cluster.leaderOf(topic, 0) != leader);
        Thread.sleep(DOWN_FOR.toMillis());
        cluster.restart(leader);
        return leader;
    }

    private static void awaitExecutions(final Deployment deployment, final int executions) {
        await(executions + " jobs executed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> deployment.executionsById().size() >= executions);
    }
}
