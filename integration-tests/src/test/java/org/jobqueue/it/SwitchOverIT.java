package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.it.support.Mirror;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.TopicReader;
import org.jobqueue.tools.processes.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/**
 * A data-centre switch-over with real parts: two KRaft clusters, Kafka's MirrorMaker 2 between them, and one jobqueue
 * deployment per DC (topology, executors and stub in JVMs of their own). codfw's deployment runs all along and holds
 * eqiad's mirrored jobs; eqiad dies mid-stream; the operator stops codfw, replays eqiad's topics from before the
 * failure, and starts codfw again, which runs eqiad's backlog.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SwitchOverIT {
    private static final int JOBS = 1_500;
    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");

    @RegisterExtension
    static final KafkaClusterExtension EQIAD = new KafkaClusterExtension();

    @RegisterExtension
    static final KafkaClusterExtension CODFW = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldResumeEqiadsBacklogInCodfwWithoutRerunningWhatEqiadRan(final TestInfo testInfo) throws Exception {
        // Given: both DCs, mirrored to each other; codfw consumes eqiad's topics and holds its jobs
        final Instant start = Instant.now();
        final Deployment eqiad = new Deployment(EQIAD, dir, settings("eqiad", List.of("eqiad"), testInfo));
        final Deployment codfw = new Deployment(CODFW, dir, settings("codfw", List.of("codfw", "eqiad"), testInfo));
        final Workload workload = new Workload(JOBS, 11);
        try (Mirror mirror = new Mirror(Map.of("eqiad", EQIAD, "codfw", CODFW));
                JobQueueProcess eqiadStub = eqiad.startStub();
                JobQueueProcess codfwStub = codfw.startStub();
                JobQueueProcess codfwExecutors = codfw.startExecutors("codfw-execute")) {
            final JobQueueProcess codfwRun = codfw.startRun("codfw-run-1");
            final String codfwAdmin = codfwRun.awaitOutput(ADMIN, TIMEOUT);
            final int ranInEqiad;
            try (JobQueueProcess eqiadRun = eqiad.startRun();
                    JobQueueProcess eqiadExecutors = eqiad.startExecutors("eqiad-execute")) {
                eqiadRun.awaitOutput(ADMIN, TIMEOUT);
                phase(start, "both DCs up, the mirror running");
                // When: jobs flow in eqiad, and eqiad dies a third of the way through
                eqiad.produce(workload);
                await("a third of the jobs executed in eqiad")
                        .atMost(TIMEOUT)
                        .until(() -> eqiad.executionsById().size() > JOBS / 3);
                eqiadExecutors.kill();
                eqiadRun.kill();
                ranInEqiad = eqiad.executionsById().size();
                phase(start, "eqiad killed");
            }
            final List<String> mirrored = mirroredTopics(eqiad.topics());
            mirror.awaitCaughtUp("eqiad", "codfw", mirrored, TIMEOUT);
            final Set<String> ranBeforeTheStop = okResultsMirroredToCodfw();
            phase(start, "the mirror caught up");
            await("codfw holding eqiad's jobs")
                    .atMost(TIMEOUT)
                    .until(() -> Deployment.counter(codfwAdmin, "jobqueue.jobs.held") > 0);
            final long ranRemotely = awaitSteady(codfwAdmin, "jobqueue.jobs.ran-remotely");
            final long heldInCodfw = Deployment.counter(codfwAdmin, "jobqueue.jobs.held");
            assertThat(codfw.executionsById())
                    .as("codfw ran nothing of eqiad's before the takeover")
                    .isEmpty();

            // When: the operator stops codfw, replays eqiad's topics from before the failure, and starts codfw
            assertThat(codfwRun.stop()).as("a clean exit on SIGTERM").isIn(0, 143);
            codfwRun.close();
            final StringWriter replayOut = new StringWriter();
            final StringWriter replayErr = new StringWriter();
            final int replayed = JobQueueCommand.commandLine()
                    .setOut(new PrintWriter(replayOut, true))
                    .setErr(new PrintWriter(replayErr, true))
                    .execute(
                            "replay",
                            "--config",
                            codfw.config().toString(),
                            "--dc",
                            "eqiad",
                            "--from",
                            start.toString());
            assertThat(replayed).as(replayErr.toString()).isEqualTo(ExitCode.OK);
            phase(start, "codfw stopped and replayed");
            try (JobQueueProcess codfwAgain = codfw.startRun("codfw-run-2")) {
                final String admin = codfwAgain.awaitOutput(ADMIN, TIMEOUT);

                // Then: every job ran at least once, in one DC or the other
                await("every job executed in eqiad or codfw")
                        .atMost(TIMEOUT)
                        .until(() -> Deployment.executionsPerJob(workload, executions(eqiad, codfw)).values().stream()
                                .allMatch(count -> count > 0));
                phase(start, "every job executed");
                await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
                // And: none whose result was mirrored before the stop ran again in codfw
                final Map<String, Long> inCodfw = codfw.executionsById();
                assertThat(inCodfw.keySet()).doesNotContainAnyElementsOf(ranBeforeTheStop);
                final Map<String, Long> inEqiad = eqiad.executionsById();
                final long ranInBoth =
                        inCodfw.keySet().stream().filter(inEqiad::containsKey).count();
                System.out.printf(
                        "switch-over: %d jobs; eqiad ran %d before it died, %d ok results mirrored; codfw held %d,"
                                + " %d ran remotely, took over %d, ran %d; %d ran in both DCs (in flight at the"
                                + " failure); 0 lost%n%s",
                        JOBS,
                        ranInEqiad,
                        ranBeforeTheStop.size(),
                        heldInCodfw,
                        ranRemotely,
                        Deployment.counter(admin, "jobqueue.jobs.taken-over"),
                        inCodfw.size(),
                        ranInBoth,
                        replayOut);
            }
        }
    }

    /** The counter's value once it has not moved for two seconds: codfw has read what the mirror brought. */
    private static long awaitSteady(final String admin, final String counter) {
        final long[] last = {-1};
        await(counter + " steady")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    final long now = Deployment.counter(admin, counter);
                    final boolean steady = now == last[0];
                    last[0] = now;
                    return steady;
                });
        return last[0];
    }

    private static void phase(final Instant start, final String what) {
        System.out.printf(
                "switch-over: %s at +%d s%n",
                what, Duration.between(start, Instant.now()).toSeconds());
    }

    private Deployment.Settings settings(final String dc, final List<String> consumeDcs, final TestInfo testInfo) {
        return Deployment.Settings.of(dc, "jobqueue-" + dc + "-" + EQIAD.uniqueName(testInfo))
                .withConsumeDcs(consumeDcs)
                .withPartitions(PARTITIONS)
                .withConcurrencyPerLane(dc.equals("eqiad") ? 2 : 8);
    }

    private static List<String> mirroredTopics(final JobQueueTopics eqiad) {
        final List<String> topics = Workload.TYPES.stream()
                .map(type -> eqiad.jobEvents(type).name())
                .collect(Collectors.toList());
        topics.add(eqiad.results().name());
        return topics;
    }

    /** The event ids of eqiad's ok results, as codfw's cluster holds them. */
    private static Set<String> okResultsMirroredToCodfw() throws Exception {
        final JobQueueTopics topics = new JobQueueTopics("codfw", List.of("codfw", "eqiad"));
        final long mirrored = Mirror.records(CODFW, topics.results("eqiad").name());
        try (TopicReader<String, JobResult> reader = CODFW.reader(List.of(topics.results("eqiad")))) {
            return reader.readUntil(records -> records.size() >= mirrored, TIMEOUT).stream()
                    .map(ConsumerRecord::value)
                    .filter(result -> result != null && result.getStatus() == ResultStatus.ok)
                    .map(JobResult::getEventId)
                    .collect(Collectors.toSet());
        }
    }

    private static Map<String, Long> executions(final Deployment... deployments) {
        final Map<String, Long> all = new HashMap<>();
        for (final Deployment deployment : deployments) {
            deployment.executionsById().forEach((id, count) -> all.merge(id, count, Long::sum));
        }
        return all;
    }
}
