package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.jobqueue.it.support.JobEvents;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.KafkaCluster;
import org.jobqueue.tools.processes.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue partition holding hundreds of thousands of waiting jobs moves to another instance when its instance is killed
 * ({@code kill -9}): once restored from the changelogs alone, once from a standby replica. Each move is timed from the
 * kill to the release of a probe job produced just after it, through the partition that moved; the session time-out
 * (10 s) that tells the group the instance is gone is part of both.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class RestoreIT {
    /** Jobs waiting in the partition that moves: 300,000 in the suite (CI time), {@code -Drestore.jobs=1000000} for the README's figures. */
    private static final int JOBS = Integer.getInteger("restore.jobs", 300_000);

    private static final String DC = "eqiad";
    private static final String WAITING_TYPE = "refreshLinks";
    private static final String PROBE_TYPE = "cdnPurge";
    private static final String WAITING = "jobqueue.lane.low.delayed";
    private static final int HEAP_MB = 512;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);
    /** Changelog records a standby may be behind and still count as caught up. */
    private static final long STANDBY_LAG = 1_000;

    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final Pattern RESTORED = Pattern.compile("StateProgress - (Restored .*)");
    private static final Pattern REBUILT = Pattern.compile("(Queue partition \\S+: indexes rebuilt .*)");
    private static final Pattern WIPED = Pattern.compile("(Tasks \\[\\S+\\] are corrupted)");

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    private final List<JobQueueProcess> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(JobQueueProcess::close);
    }

    @Test
    void shouldReleaseAgainAfterAPartitionOfWaitingJobsMovesWithAndWithoutAStandby(final TestInfo testInfo)
            throws Exception {
        // Given: the jobs, delayed for a day, in the one partition of the queue
        final String applicationId = KAFKA.uniqueApplicationId(testInfo);
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of(DC, applicationId).withPartitions(1).withHeapMb(HEAP_MB));
        final double produceSeconds = produceWaitingJobs(deployment);
        final long loading = System.nanoTime();
        final Instance a = start(deployment, "run-a", 0);
        final Instance b = start(deployment, "run-b", 0);
        awaitWaiting("the jobs loaded", List.of(a, b), LOAD_TIMEOUT);
        final double loadSeconds = secondsSince(loading);
        System.out.printf(
                "restore: %,d jobs produced in %.1f s, loaded by two instances in %.1f s (%.0f jobs/s)%n",
                JOBS, produceSeconds, loadSeconds, JOBS / loadSeconds);

        try (TopicReader<String, JobCommand> probes =
                KAFKA.reader(List.of(deployment.topics().commands("high")))) {
            // When: the instance holding the partition is killed, with no standby anywhere
            final Instance active = holder(a, b);
            final Instance survivor = active == a ? b : a;
            final double withoutStandby = moveAndTime(deployment, active, survivor, probes, "probe-1");

            // And: the survivor comes back with a standby configured, a new instance becomes that standby, and once it
            // has caught up the survivor is killed in turn
            survivor.process.stop();
            final Instance restarted = start(deployment, survivor.name, 1);
            awaitWaiting("the survivor back on its own state", List.of(restarted), MOVE_TIMEOUT);
            final long warming = System.nanoTime();
            final Instance standby = start(deployment, "run-c", 1);
            awaitStandbyCaughtUp(standby);
            System.out.printf("restore: the standby caught up %.1f s after it started%n", secondsSince(warming));
            final double withStandby = moveAndTime(deployment, restarted, standby, probes, "probe-2");
            // Every store has a changelog offset (ChangelogMarks), so the promoted standby kept its state.
            assertThat(standby.process.output(WIPED))
                    .as("tasks wiped as corrupted")
                    .isEmpty();

            // Then: both moves kept every job, and the standby made the second much quicker
            System.out.printf(
                    "restore: %,d waiting jobs, lost 0, duplicated 0; released again %.1f s after the kill without a"
                            + " standby, %.1f s with one (load %.1f s)%n",
                    JOBS, withoutStandby, withStandby, loadSeconds);
            assertThat(withStandby).as("seconds to release with a standby").isLessThan(withoutStandby);
        }
    }

    /** Kills {@code active}, produces a probe job, and returns the seconds from the kill to the probe's release. */
    private static double moveAndTime(
            final Deployment deployment,
            final Instance active,
            final Instance survivor,
            final TopicReader<String, JobCommand> probes,
            final String probeId) {
        final long killed = System.nanoTime();
        active.process.kill();
        KAFKA.produce(
                deployment.topics().jobEvents(PROBE_TYPE).name(),
                null,
                JobEvents.minimalJob(PROBE_TYPE, probeId, null));
        final List<ConsumerRecord<String, JobCommand>> released = probes.readUntil(
                commands -> commands.stream()
                        .anyMatch(command -> command.value().getEventId().equals(probeId)),
                MOVE_TIMEOUT);
        final double seconds = secondsSince(killed);
        awaitWaiting("every job on " + survivor.name, List.of(survivor), MOVE_TIMEOUT);
        System.out.printf(
                "restore: %s killed; %s released %s %.1f s later and holds all %,d jobs %.1f s after the kill%n",
                active.name, survivor.name, probeId, seconds, JOBS, secondsSince(killed));
        survivor.process
                .output(RESTORED)
                .forEach(line -> System.out.printf("restore:   %s: %s%n", survivor.name, line));
        survivor.process.output(REBUILT).forEach(line -> System.out.printf("restore:   %s: %s%n", survivor.name, line));
        survivor.process.output(WIPED).stream()
                .distinct()
                .forEach(line -> System.out.printf("restore:   %s: %s%n", survivor.name, line));
        assertThat(released.stream()
                        .filter(command -> command.value().getEventId().equals(probeId))
                        .count())
                .as("commands of " + probeId)
                .isEqualTo(1);
        return seconds;
    }

    private static double produceWaitingJobs(final Deployment deployment) {
        final long producing = System.nanoTime();
        final String topic = deployment.topics().jobEvents(WAITING_TYPE).name();
        final Instant due = Instant.now().plus(Duration.ofDays(1));
        final Map<String, Object> config = new HashMap<>(KAFKA.producerConfig());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, JobEvents.minimalJob(WAITING_TYPE, "w-" + i, due))));
                if (sent.size() == 10_000) {
                    sent.forEach(KafkaCluster::get);
                    sent.clear();
                }
            }
            sent.forEach(KafkaCluster::get);
        }
        return secondsSince(producing);
    }

    /** Waits until {@code instances} hold every job between them. */
    private static void awaitWaiting(final String what, final List<Instance> instances, final Duration timeout) {
        await(what).atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long waiting = 0;
            for (final Instance instance : instances) waiting += instance.waiting();
            return waiting == JOBS;
        });
    }

    /**
     * Waits until the standby has applied at least as many changelog records as there are jobs and is within
     * {@value #STANDBY_LAG} of the changelogs' ends, as it reports them.
     */
    private static void awaitStandbyCaughtUp(final Instance standby) {
        await("the standby caught up")
                .atMost(MOVE_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Deployment.counter(standby.admin(), "jobqueue.standby.records-applied") >= JOBS
                        && Deployment.gauge(standby.admin(), "jobqueue.standby.lag") <= STANDBY_LAG);
    }

    private Instance start(final Deployment deployment, final String name, final int standbys) {
        final JobQueueProcess process = deployment.startRun(
                name, Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbys)));
        processes.add(process);
        return new Instance(name, process, process.awaitOutput(ADMIN, START_TIMEOUT));
    }

    private static Instance holder(final Instance a, final Instance b) throws Exception {
        return a.waiting() == JOBS ? a : b;
    }

    private static double secondsSince(final long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** A {@code jobqueue run} process of this test, with its admin URL and state directory. */
    private record Instance(String name, JobQueueProcess process, String admin) {
        long waiting() throws IOException, InterruptedException {
            return process.isAlive() ? Deployment.gauge(admin, WAITING) : 0;
        }
    }
}
