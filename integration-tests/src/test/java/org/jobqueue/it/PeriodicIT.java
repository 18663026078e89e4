package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.topology.periodic.PeriodicJobs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code jobqueue run} instances fire a 2 s schedule for two wikis; the one that fires is killed ({@code kill
 * -9}) and started again. Every period of every wiki from the first firing to the last must run exactly once at the
 * stub: none lost while the partition moved (catch_up: all), none twice.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PeriodicIT {
    private static final String SCHEDULE = "tick";
    private static final List<String> WIKIS = List.of("enwiki", "dewiki");
    private static final long EVERY_MS = 2_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldRunEveryPeriodOfEveryWikiExactlyOnceAcrossAKillAndARestart(final TestInfo testInfo) throws Exception {
        // Given: a schedule every 2 s for two wikis, two instances, executors and the stub
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("eqiad", KAFKA.uniqueApplicationId(testInfo))
                        .withPartitions(2)
                        .withPeriodic("{" + SCHEDULE + ": {type: periodicTick, wikis: [" + String.join(", ", WIKIS)
                                + "], every: 2s, catch_up: all}}"));
        final long started = System.nanoTime();
        final List<JobQueueProcess> runs = new ArrayList<>();
        final List<String> admins = new ArrayList<>();
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            for (final String name : List.of("run-1", "run-2")) runs.add(deployment.startRun(name));
            for (final JobQueueProcess run : runs) admins.add(run.awaitOutput(ADMIN, TIMEOUT));
            awaitFirstPeriod(deployment);
            // The span observed starts once the group has settled: a period whose previous job was still on its way
            // while the two instances joined is skipped as an overlap, by design.
            Thread.sleep(4_000);
            final long first = periodOf(System.currentTimeMillis());

            // When: the instance that fires is killed mid-run, then started again
            Thread.sleep(6_000);
            final int firing = firingInstance(admins);
            final long killedAt = periodOf(System.currentTimeMillis());
            runs.get(firing).kill();
            Thread.sleep(4_000);
            runs.set(firing, deployment.startRun("run-" + (firing + 1)));
            admins.set(firing, runs.get(firing).awaitOutput(ADMIN, TIMEOUT));
            Thread.sleep(6_000);
            final long last = periodOf(System.currentTimeMillis()) - EVERY_MS;

            // Then: every period of every wiki from the first to the last ran, each exactly once
            final List<String> expected = eventIds(first, last);
            System.out.println("periodic: dir " + dir + ", killed at period " + Instant.ofEpochMilli(killedAt));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!deployment.executionsById().keySet().containsAll(expected) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            final Map<String, Long> runsById = deployment.executionsById();
            System.out.print(runsPerPeriod(runsById, first, last));
            System.out.printf(
                    "periodic: %d periods x %d wikis from %s to %s, killed run-%d; %.1f s%n%s",
                    expected.size() / WIKIS.size(),
                    WIKIS.size(),
                    Instant.ofEpochMilli(first),
                    Instant.ofEpochMilli(last),
                    firing + 1,
                    (System.nanoTime() - started) / 1e9,
                    periodicCommand(deployment, admins.get(firing)));
            for (final String admin : admins) {
                System.out.printf(
                        "periodic: %s overlap %d caught-up %d%n",
                        admin,
                        Deployment.counter(admin, "jobqueue.periodic." + SCHEDULE + ".overlap"),
                        Deployment.counter(admin, "jobqueue.periodic." + SCHEDULE + ".caught-up"));
            }
            assertThat(expected)
                    .allSatisfy(id -> assertThat(runsById.get(id)).as(id).isEqualTo(1L));
            assertThat(runsById.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
        } finally {
            runs.forEach(JobQueueProcess::close);
        }
    }

    /** The first period the stub ran, of either wiki. */
    private static long awaitFirstPeriod(final Deployment deployment) {
        final long now = periodOf(System.currentTimeMillis());
        final List<Long> candidates = new ArrayList<>();
        for (long period = now - 60_000; period <= now + 60_000; period += EVERY_MS) candidates.add(period);
        return await("a first period executed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> candidates.stream()
                                .filter(period -> WIKIS.stream()
                                        .anyMatch(wiki -> deployment
                                                .executionsById()
                                                .containsKey(PeriodicJobs.eventId(SCHEDULE, wiki, period))))
                                .findFirst()
                                .orElse(null),
                        period -> period != null);
    }

    /** The instance whose counter of fired jobs is highest: it owns the schedule's partitions. */
    private static int firingInstance(final List<String> admins) throws Exception {
        int firing = 0;
        long most = -1;
        for (int i = 0; i < admins.size(); i++) {
            final long fired = Deployment.counter(admins.get(i), "jobqueue.periodic." + SCHEDULE + ".fired");
            if (fired > most) {
                most = fired;
                firing = i;
            }
        }
        return firing;
    }

    private static List<String> eventIds(final long first, final long last) {
        final List<String> ids = new ArrayList<>();
        for (long period = first; period <= last; period += EVERY_MS) {
            for (final String wiki : WIKIS) ids.add(PeriodicJobs.eventId(SCHEDULE, wiki, period));
        }
        return ids;
    }

    /** One line per period: its start and how often each wiki's job ran. */
    private static String runsPerPeriod(final Map<String, Long> runsById, final long first, final long last) {
        final StringBuilder lines = new StringBuilder();
        for (long period = first; period <= last; period += EVERY_MS) {
            lines.append("periodic: ").append(Instant.ofEpochMilli(period));
            for (final String wiki : WIKIS) {
                final String id = PeriodicJobs.eventId(SCHEDULE, wiki, period);
                lines.append(' ').append(wiki).append('=').append(runsById.getOrDefault(id, 0L));
            }
            lines.append('\n');
        }
        return lines.toString();
    }

    private static long periodOf(final long millis) {
        return millis / EVERY_MS * EVERY_MS;
    }

    private static String periodicCommand(final Deployment deployment, final String admin, final String... flags) {
        final StringWriter out = new StringWriter();
        JobQueueCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true))
                .execute(Stream.concat(
                                Stream.of(
                                        "periodic",
                                        "--config",
                                        deployment.config().toString(),
                                        "--admin",
                                        admin.replace("/metrics", "")),
                                Stream.of(flags))
                        .toArray(String[]::new));
        return out.toString();
    }
}
