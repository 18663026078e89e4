package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicationTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Instant T = JobQueueDriver.START;

    // A high-lane event is read ten minutes ahead of its time, and its id is kept at that time: a replay still finds
    // it.
    @ParameterizedTest(name = "in the {0} lane")
    @ValueSource(strings = {"normal", "high"})
    void shouldDropAReplayedEventId(final String lane) {
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withTypes(Map.of("refreshLinks", new TypeConfig(lane, null, null, null, null)));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            final JobEvents event = JobEvents.job("refreshLinks");
            queue.send(event);
            queue.advance(TICK);
            queue.ok(queue.commands(lane).get(0));
            // When
            queue.advance(Duration.ofHours(2));
            queue.send(event);
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().deduplicated("event-id")).isEqualTo(1);
        }
    }

    @Test
    void shouldNotLetARecordStampedAYearAheadExpireTheEventIdsSeen() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given an event that ran, then a record whose timestamp is a year ahead (a producer's broken clock)
            final JobEvents event = JobEvents.job("refreshLinks");
            queue.send(event);
            queue.advance(TICK);
            queue.ok(queue.commands("normal").get(0));
            queue.jobTopic("refreshLinks")
                    .pipeInput(new TestRecord<>(
                            null,
                            JobEvents.job("refreshLinks").bytes(),
                            null,
                            queue.now().plus(Duration.ofDays(365))));
            queue.advance(TICK);
            queue.ok(queue.commands("normal").get(0));

            // When the first event is replayed with its own timestamp
            queue.send(event);
            queue.advance(TICK);

            // Then the window still remembers it
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().deduplicated("event-id")).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepTheFirstOfTwoWaitingJobsWithOneSha1() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withQueue(new QueueConfig(Map.of("normal", 1), null, null, null, null, null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: the lane's window of one is busy, so the first job waits
            queue.send(JobEvents.job("refreshLinks").title("Busy"));
            final JobCommand busy = queue.commands("normal").get(0);
            final JobEvents first = JobEvents.job("refreshLinks").sha1("same");
            queue.send(first);
            // When
            queue.send(JobEvents.job("refreshLinks").sha1("same"));
            queue.ok(busy);
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).extracting("eventId").containsExactly(first.eventId());
            assertThat(queue.metrics().deduplicated("sha1-waiting")).isEqualTo(1);
        }
    }

    @Test
    void shouldAcceptTheSameSha1AgainOnceTheFirstWasReleased() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("refreshLinks").sha1("same"));
            queue.advance(TICK);
            assertThat(queue.allCommands()).hasSize(1);
            // When: created after the first started, so it must run to see newer state
            final JobEvents second = JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(5));
            queue.send(second);
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).extracting("eventId").containsExactly(second.eventId());
        }
    }

    @Test
    void shouldDropAtReleaseAJobWhoseSha1StartedExecutingAfterItWasCreated() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a job released and finished ok, its execution started at T + 10 s
            queue.advance(Duration.ofSeconds(10));
            queue.send(JobEvents.job("refreshLinks").sha1("same"));
            final JobCommand first = queue.commands("normal").get(0);
            queue.ok(first);
            // When: an identical job created at T + 5 s arrives late
            queue.send(JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(5)));
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().deduplicated("executed-after-creation")).isEqualTo(1);
        }
    }

    @Test
    void shouldRunTheWaitingTwinThatTheRetryOfAFailedJobMergedInto() {
        try (JobQueueDriver queue = new JobQueueDriver(windowOfOne())) {
            // Given: a job released at T + 10 s, and its twin created at T + 5 s waiting behind it
            queue.advance(Duration.ofSeconds(10));
            queue.send(JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(10)));
            final JobCommand first = queue.commands("normal").get(0);
            final JobEvents twin = JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(5));
            queue.send(twin);

            // When the first fails: its retry merges into the waiting twin
            queue.fail(first);
            queue.advance(TICK);

            // Then the twin runs: the failed job's start must not drop the job that took its work over
            assertThat(queue.allCommands()).extracting("eventId").containsExactly(twin.eventId());
            assertThat(queue.metrics().deduplicated("retry-merged")).isEqualTo(1);
        }
    }

    @Test
    void shouldRunAWaitingTwinForADuplicateCreatedAfterTheLastExecution() {
        try (JobQueueDriver queue = new JobQueueDriver(windowOfOne())) {
            // Given: a job released at T + 10 s, a twin created at T + 5 s waiting behind it, and a duplicate created
            // at T + 20 s, after that execution, dropped for the waiting twin
            queue.advance(Duration.ofSeconds(10));
            queue.send(JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(10)));
            final JobCommand first = queue.commands("normal").get(0);
            final JobEvents waiting = JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(5));
            queue.send(waiting);
            queue.advance(Duration.ofSeconds(10));
            queue.send(JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(20)));

            // When the first finishes
            queue.ok(first);
            queue.advance(TICK);

            // Then the waiting twin runs for the duplicate it stands for: the work of T + 20 s is not lost
            assertThat(queue.allCommands()).extracting("eventId").containsExactly(waiting.eventId());
            assertThat(queue.metrics().deduplicated("sha1-waiting")).isEqualTo(1);
        }
    }

    private static JobQueueConfig windowOfOne() {
        return JobQueueConfig.of("eqiad").withQueue(new QueueConfig(Map.of("normal", 1), null, null, null, null, null));
    }

    @Test
    void shouldDropAtReleaseATwinOfAJobReleasedAfterTheTwinWasCreated() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a job released at T + 10 s, still in flight
            queue.advance(Duration.ofSeconds(10));
            queue.send(JobEvents.job("refreshLinks").sha1("same"));
            assertThat(queue.commands("normal")).hasSize(1);
            // When: an identical job created at T + 5 s arrives
            queue.send(JobEvents.job("refreshLinks").sha1("same").dt(T.plusSeconds(5)));
            queue.advance(TICK);
            // Then: the running job already does its work
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().deduplicated("executed-after-creation")).isEqualTo(1);
        }
    }

    @Test
    void shouldRunAJobCreatedWithinTheOneSecondSlackOfTheLastExecution() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: the first execution started at T + 10 s
            queue.advance(Duration.ofSeconds(10));
            queue.send(JobEvents.job("refreshLinks").sha1("same"));
            queue.ok(queue.commands("normal").get(0));
            // When: an identical job created at T + 9.5 s
            queue.send(JobEvents.job("refreshLinks").sha1("same").dt(T.plusMillis(9_500)));
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).hasSize(1);
        }
    }

    @Test
    void shouldDropAtReleaseAJobWhoseRootWasSuperseded() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a leaf of the root job at T, delayed so it is still waiting
            queue.send(JobEvents.job("refreshLinks").root("sig-X", T).delayUntil(T.plusSeconds(30)));
            // When: a newer root job with the same signature on the same wiki
            queue.send(JobEvents.job("refreshLinks").root("sig-X", T.plusSeconds(1)));
            queue.advanceInSteps(Duration.ofSeconds(1), 31);
            // Then
            assertThat(queue.allCommands()).hasSize(1);
            assertThat(queue.metrics().deduplicated("root-superseded")).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepTheWaitingTwinOfANewerRootsJobInsteadOfDroppingBoth() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a leaf of the root job at T, delayed so it is still waiting
            queue.send(JobEvents.job("refreshLinks")
                    .sha1("page-7")
                    .root("sig-X", T)
                    .delayUntil(T.plusSeconds(30)));
            // When: the same page's leaf of a newer root job of the same template arrives, and is dropped as its twin
            queue.send(JobEvents.job("refreshLinks").sha1("page-7").root("sig-X", T.plusSeconds(1)));
            queue.advanceInSteps(Duration.ofSeconds(1), 31);
            // Then: the waiting one took the newer root, so it still runs (MediaWiki's GT15 would run neither)
            assertThat(queue.allCommands()).hasSize(1);
            assertThat(queue.metrics().deduplicated("sha1-waiting")).isEqualTo(1);
            assertThat(queue.metrics().deduplicated("root-superseded")).isZero();
        }
    }

    @Test
    void shouldNotSupersedeTheSameSignatureOnAnotherWiki() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("refreshLinks")
                    .database("enwiki")
                    .root("sig-X", T)
                    .delayUntil(T.plusSeconds(30)));
            // When
            queue.send(JobEvents.job("refreshLinks").database("dewiki").root("sig-X", T.plusSeconds(1)));
            queue.advanceInSteps(Duration.ofSeconds(1), 31);
            // Then
            assertThat(queue.allCommands()).extracting("database").containsExactlyInAnyOrder("enwiki", "dewiki");
        }
    }

    @Test
    void shouldRunBothJobsWhenTheirRootsHaveEqualTimes() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("refreshLinks").root("sig-X", T).title("A"));
            // When
            queue.send(JobEvents.job("refreshLinks").root("sig-X", T).title("B"));
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).hasSize(2);
        }
    }

    @Test
    void shouldAbandonAJobWhoseRootIsOlderThanRootClaimTtl() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: root_claim_ttl is 7 days by default
            final Instant eightDaysAgo = T.minus(Duration.ofDays(8));
            // When
            queue.send(
                    JobEvents.job("refreshLinks").root("sig-old", eightDaysAgo).dt(eightDaysAgo));
            queue.send(JobEvents.job("refreshLinks").root("sig-new", T.minus(Duration.ofDays(6))));
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).hasSize(1);
            assertThat(queue.metrics().total(Outcome.ABANDONED)).isEqualTo(1);
        }
    }

    @Test
    void shouldAbandonAtReleaseAJobThatWaitedPastRootClaimTtl() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a leaf of a 6-day-old root, delayed by 2 days
            queue.send(JobEvents.job("refreshLinks")
                    .root("sig-X", T.minus(Duration.ofDays(6)))
                    .delayUntil(T.plus(Duration.ofDays(2))));
            // When
            queue.advance(Duration.ofDays(2));
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().total(Outcome.ABANDONED)).isEqualTo(1);
        }
    }

    static List<String> eventIds(final List<JobCommand> commands) {
        return commands.stream().map(JobCommand::getEventId).toList();
    }
}
