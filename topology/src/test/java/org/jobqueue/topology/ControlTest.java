package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.ControlKeys;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The operators' pause and drop rules, written to the control topic: a rule takes effect within a tick of its write,
 * so each test advances one tick after writing one.
 */
class ControlTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Instant T = JobQueueDriver.START;

    private static JobQueueConfig config(final int window, final Integer maxScanPerTick) {
        return JobQueueConfig.of("eqiad")
                .withQueue(new QueueConfig(
                        Map.of("high", window, "normal", window, "low", window),
                        null,
                        null,
                        TICK,
                        maxScanPerTick,
                        null))
                .withTypes(Map.of("htmlCacheUpdate", new TypeConfig("low", null, null, null, null)));
    }

    private static ControlRule pause(final String lane, final String type, final String database) {
        return new ControlRule(
                ControlAction.pause, null, lane, type, database, null, false, T.toEpochMilli(), "ops@host");
    }

    private static ControlRule drop(final String type, final String database, final boolean purge) {
        return new ControlRule(
                ControlAction.drop, null, null, type, database, null, purge, T.toEpochMilli(), "ops@host");
    }

    private static ControlRule until(final ControlRule rule, final Instant until) {
        rule.setUntil(until.toEpochMilli());
        return rule;
    }

    private static List<String> send(
            final JobQueueDriver queue, final String type, final String database, final int n) {
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final JobEvents event = JobEvents.job(type).database(database).title("Page_" + i);
            queue.send(event);
            ids.add(event.eventId());
        }
        return ids;
    }

    private static List<String> eventIds(final List<JobCommand> commands) {
        return commands.stream().map(JobCommand::getEventId).toList();
    }

    /** Advances {@code ticks} ticks, collecting the commands of every lane. */
    private static List<JobCommand> run(final JobQueueDriver queue, final int ticks) {
        final List<JobCommand> released = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            queue.advance(TICK);
            released.addAll(queue.allCommands());
        }
        return released;
    }

    private static void write(final JobQueueDriver queue, final ControlRule rule) {
        queue.control(rule);
        queue.advance(TICK);
    }

    @Test
    void shouldReleaseNothingOfAPausedTypeAndEverythingInArrivalOrderOnResume() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: refreshLinks paused
            final ControlRule pause = pause(null, "refreshLinks", null);
            write(queue, pause);

            // When: jobs of it keep arriving, on two wikis
            final List<String> sent = new ArrayList<>(send(queue, "refreshLinks", "enwiki", 3));
            sent.addAll(send(queue, "refreshLinks", "dewiki", 3));
            final List<JobCommand> during = run(queue, 10);

            // Then: nothing goes, no attempt is spent, nothing is dropped; they count as ready
            assertThat(during).isEmpty();
            assertThat(queue.metrics().laneSize("normal").ready()).isEqualTo(6);
            assertThat(queue.metrics().total(Outcome.RELEASED)).isZero();
            assertThat(queue.metrics().total(Outcome.DROPPED)).isZero();

            // When: the pause is removed
            queue.removeControl(ControlKeys.of(pause));
            final List<JobCommand> after = run(queue, 2);

            // Then: all go, in arrival order, as first attempts
            assertThat(eventIds(after)).containsExactlyElementsOf(sent);
            assertThat(after)
                    .allSatisfy(command -> assertThat(command.getAttempt()).isEqualTo(1));
        }
    }

    @Test
    void shouldHoldAPausedLaneWhileTheOtherLanesFlow() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: the low lane paused
            final ControlRule pause = pause("low", null, null);
            write(queue, pause);

            // When: jobs arrive in the low and the normal lanes
            final List<String> low = send(queue, "htmlCacheUpdate", "enwiki", 3);
            final List<String> normal = send(queue, "refreshLinks", "enwiki", 3);
            final List<JobCommand> during = run(queue, 5);

            // Then: only the normal lane's go
            assertThat(eventIds(during)).containsExactlyElementsOf(normal);

            // When: the pause is removed
            queue.removeControl(ControlKeys.of(pause));

            // Then: the low lane's go, in order
            assertThat(eventIds(run(queue, 2))).containsExactlyElementsOf(low);
        }
    }

    @Test
    void shouldHoldOnlyThePausedDatabaseOfATypeWhileItsOtherDatabasesFlow() {
        // Given: a scan budget of 10 entries a tick, refreshLinks paused on enwiki
        try (JobQueueDriver queue = new JobQueueDriver(config(1_000, 10))) {
            final ControlRule pause = pause(null, "refreshLinks", "enwiki");
            write(queue, pause);

            // When: 50 enwiki jobs arrive, then 5 dewiki jobs behind them
            final List<String> enwiki = send(queue, "refreshLinks", "enwiki", 50);
            final List<String> dewiki = send(queue, "refreshLinks", "dewiki", 5);
            final List<JobCommand> during = run(queue, 10);

            // Then: the dewiki jobs go past the held enwiki ones, a bounded number of reads a tick; the held ones
            // still count as ready
            assertThat(eventIds(during)).containsExactlyElementsOf(dewiki);
            assertThat(queue.metrics().laneSize("normal").ready()).isEqualTo(50);

            // When: the pause is removed
            queue.removeControl(ControlKeys.of(pause));
            final List<JobCommand> after = run(queue, 20);

            // Then: the enwiki jobs go in arrival order
            assertThat(eventIds(after)).containsExactlyElementsOf(enwiki);
            assertThat(queue.metrics().laneSize("normal").ready()).isZero();
        }
    }

    @Test
    void shouldKeepTheArrivalOrderWhenAPauseEndsBeforeItsJobsAreAllBack() {
        // Given: a scan budget of 10 entries a tick; refreshLinks paused on four wikis that sort before enwiki, one
        // job held on each, so that each lifting run spends four reads on them; and paused on enwiki, with 30 jobs
        // of which the releases of three ticks set some aside
        try (JobQueueDriver queue = new JobQueueDriver(config(1_000, 10))) {
            final List<String> others = List.of("aawiki", "bbwiki", "ccwiki", "ddwiki");
            others.forEach(database -> queue.control(pause(null, "refreshLinks", database)));
            final ControlRule pause = pause(null, "refreshLinks", "enwiki");
            write(queue, pause);
            others.forEach(database -> send(queue, "refreshLinks", database, 1));
            final List<String> sent = new ArrayList<>(send(queue, "refreshLinks", "enwiki", 30));
            assertThat(run(queue, 3)).isEmpty();

            // When: the enwiki pause is removed, and more jobs arrive while those set aside go back a few a tick
            queue.removeControl(ControlKeys.of(pause));
            queue.advance(TICK);
            sent.addAll(send(queue, "refreshLinks", "enwiki", 5));
            final List<JobCommand> after = new ArrayList<>(queue.allCommands());
            after.addAll(run(queue, 20));

            // Then: every enwiki job went once, in arrival order; the other wikis' still wait
            assertThat(eventIds(after)).containsExactlyElementsOf(sent);
            assertThat(queue.metrics().laneSize("normal").ready()).isEqualTo(others.size());
        }
    }

    @Test
    void shouldKeepADelayedJobThatComesDueDuringAPauseWaiting() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: a job delayed to T + 1 s, then its type paused
            final JobEvents delayed = JobEvents.job("refreshLinks").delayUntil(T.plusSeconds(1));
            queue.send(delayed);
            final ControlRule pause = pause(null, "refreshLinks", null);
            write(queue, pause);

            // When: it comes due
            final List<JobCommand> during = run(queue, 20);

            // Then: it waits as ready
            assertThat(during).isEmpty();
            final LaneSize size = queue.metrics().laneSize("normal");
            assertThat(size.delayed()).isZero();
            assertThat(size.ready()).isEqualTo(1);

            // When: the pause is removed
            queue.removeControl(ControlKeys.of(pause));

            // Then
            assertThat(eventIds(run(queue, 2))).containsExactly(delayed.eventId());
        }
    }

    @Test
    void shouldReleaseWhenAPauseExpires() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: a pause until T + 2 s, and jobs arriving under it
            write(queue, until(pause(null, "refreshLinks", "enwiki"), T.plusSeconds(2)));
            final List<String> sent = send(queue, "refreshLinks", "enwiki", 3);

            // When: until just before it expires
            final List<JobCommand> during = run(queue, 18);

            // Then
            assertThat(during).isEmpty();

            // When: it expires, with no tombstone
            // Then: the jobs go in order
            assertThat(eventIds(run(queue, 3))).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void shouldFinishAJobInFlightWhenItsTypeIsPausedAndHoldItsRetry() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: two jobs released at once, then their type paused
            send(queue, "refreshLinks", "enwiki", 2);
            final List<JobCommand> inFlight = queue.commands("normal");
            assertThat(inFlight).hasSize(2);
            final ControlRule pause = pause(null, "refreshLinks", null);
            write(queue, pause);

            // When: one succeeds and one fails, and the retry comes due (after 60 s)
            queue.ok(inFlight.get(0));
            queue.fail(inFlight.get(1));
            queue.advance(Duration.ofSeconds(60));
            final List<JobCommand> during = run(queue, 5);

            // Then: the success counts, and the retry waits as ready
            assertThat(during).isEmpty();
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(1);
            assertThat(queue.metrics().total(Outcome.RETRIED)).isEqualTo(1);
            final LaneSize size = queue.metrics().laneSize("normal");
            assertThat(size.inFlight()).isZero();
            assertThat(size.ready()).isEqualTo(1);

            // When: the pause is removed
            queue.removeControl(ControlKeys.of(pause));

            // Then: the retry goes as the second attempt
            final List<JobCommand> after = run(queue, 2);
            assertThat(after).hasSize(1);
            assertThat(after.get(0).getEventId()).isEqualTo(inFlight.get(1).getEventId());
            assertThat(after.get(0).getAttempt()).isEqualTo(2);
        }
    }

    @Test
    void shouldDropAndCountTheArrivalsADropRuleCovers() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given
            write(queue, drop("cdnPurge", null, false));

            // When: three jobs of the dropped type and one of another arrive
            send(queue, "cdnPurge", "enwiki", 3);
            final List<String> kept = send(queue, "refreshLinks", "enwiki", 1);

            // Then: only the other goes; the drops are counted per type and in total
            assertThat(eventIds(run(queue, 1))).containsExactlyElementsOf(kept);
            assertThat(queue.metrics().total(Outcome.DROPPED)).isEqualTo(3);
            assertThat(queue.metrics().total("cdnPurge", Outcome.DROPPED)).isEqualTo(3);
            assertThat(queue.metrics().registry().getCounters()).containsKey("jobqueue.type.cdnPurge.dropped");
        }
    }

    @Test
    void shouldStopDroppingWhenADropRuleExpires() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: a drop until T + 1 s
            write(queue, until(drop("cdnPurge", "enwiki", false), T.plusSeconds(1)));
            send(queue, "cdnPurge", "enwiki", 2);

            // When: it expires
            run(queue, 10);
            final List<String> later = send(queue, "cdnPurge", "enwiki", 2);

            // Then: the later jobs go
            assertThat(queue.metrics().total(Outcome.DROPPED)).isEqualTo(2);
            assertThat(eventIds(run(queue, 1))).containsExactlyElementsOf(later);
        }
    }

    @Test
    void shouldPurgeTheWaitingReadyAndDelayedJobsButNotThoseInFlight() {
        try (JobQueueDriver queue = new JobQueueDriver(config(1, null))) {
            // Given: a window of one busy on enwiki, 3 ready and 2 delayed enwiki jobs, and one dewiki job waiting
            send(queue, "refreshLinks", "enwiki", 1);
            final JobCommand busy = queue.commands("normal").get(0);
            send(queue, "refreshLinks", "enwiki", 3);
            queue.send(JobEvents.job("refreshLinks").title("Later_1").delayUntil(T.plusSeconds(60)));
            queue.send(JobEvents.job("refreshLinks").title("Later_2").delayUntil(T.plusSeconds(60)));
            final List<String> dewiki = send(queue, "refreshLinks", "dewiki", 1);

            // When: enwiki's refreshLinks is dropped with purge
            write(queue, drop("refreshLinks", "enwiki", true));
            run(queue, 2);

            // Then: the five waiting enwiki jobs are dropped and counted; the one in flight is not
            assertThat(queue.metrics().total("refreshLinks", Outcome.DROPPED)).isEqualTo(5);
            final LaneSize size = queue.metrics().laneSize("normal");
            assertThat(size.delayed()).isZero();
            assertThat(size.ready()).isEqualTo(1);
            assertThat(size.inFlight()).isEqualTo(1);

            // When: the job in flight finishes
            queue.ok(busy);

            // Then: its result counts, and the dewiki job goes
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(1);
            assertThat(eventIds(run(queue, 1))).containsExactlyElementsOf(dewiki);
        }
    }

    @Test
    void shouldPurgePausedJobsAndNotReleaseThemOnResume() {
        try (JobQueueDriver queue = new JobQueueDriver(config(100, null))) {
            // Given: refreshLinks paused on enwiki with 3 jobs held
            final ControlRule pause = pause(null, "refreshLinks", "enwiki");
            write(queue, pause);
            send(queue, "refreshLinks", "enwiki", 3);
            run(queue, 2);

            // When: they are dropped with purge, then the pause removed
            write(queue, drop("refreshLinks", "enwiki", true));
            run(queue, 2);
            queue.removeControl(ControlKeys.of(pause));

            // Then: they were dropped and counted, and nothing goes
            assertThat(queue.metrics().total(Outcome.DROPPED)).isEqualTo(3);
            assertThat(run(queue, 3)).isEmpty();
            assertThat(queue.metrics().laneSize("normal").ready()).isZero();
        }
    }

    @Test
    void shouldPurgeAtMostTheScanBudgetOfWaitingJobsPerTick() {
        // Given: a scan budget of 10 a tick, a window of one busy, and 50 jobs waiting
        try (JobQueueDriver queue = new JobQueueDriver(config(1, 10))) {
            send(queue, "refreshLinks", "enwiki", 51);

            // When: the type is dropped with purge, and one tick runs
            queue.control(drop("refreshLinks", null, true));
            queue.advance(TICK);

            // Then: one tick dropped at most its budget
            assertThat(queue.metrics().total(Outcome.DROPPED)).isEqualTo(10);

            // When: enough ticks
            run(queue, 4);

            // Then: the 50 waiting were dropped, the busy one is still in flight
            assertThat(queue.metrics().total(Outcome.DROPPED)).isEqualTo(50);
            assertThat(queue.metrics().laneSize("normal").ready()).isZero();
            assertThat(queue.metrics().laneSize("normal").inFlight()).isEqualTo(1);
        }
    }
}
