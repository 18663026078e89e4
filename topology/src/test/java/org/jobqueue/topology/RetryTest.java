package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.AttemptOutcome;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobDefaults;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.RetryConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

/** Retries with the default policy (limit 2, delay 60 s, factor 6), read-only answers, fatal results, claim expiry. */
class RetryTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final String TYPE = "refreshLinks";

    /**
     * Advances the wall clock to one tick before {@code instant}, a second at a time and then a tick at a time, so that
     * a tick runs at every step.
     */
    private static void advanceToJustBefore(final JobQueueDriver queue, final Instant instant) {
        final Instant lastTickBefore = instant.minus(TICK);
        while (!queue.now().plus(SECOND).isAfter(lastTickBefore)) queue.advance(SECOND);
        while (queue.now().isBefore(lastTickBefore)) queue.advance(TICK);
    }

    /** The one command released at the next tick. */
    private static JobCommand releaseOne(final JobQueueDriver queue) {
        queue.advance(TICK);
        final List<JobCommand> commands = queue.allCommands();
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }

    private static long millis(final Instant instant) {
        return instant.toEpochMilli();
    }

    @Test
    void shouldRetryAfter60sThen360sThenDeadLetter() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a released job
            final JobEvents job = JobEvents.job(TYPE);
            queue.send(job);
            final JobCommand first = releaseOne(queue);
            assertThat(first.getAttempt()).isEqualTo(1);

            // When: it fails
            queue.fail(first);
            final Instant firstRetryDue = queue.now().plus(Duration.ofSeconds(60));
            advanceToJustBefore(queue, firstRetryDue);

            // Then: it is not released again before 60 s, and is within one tick after
            assertThat(queue.allCommands()).isEmpty();
            final JobCommand second = releaseOne(queue);
            assertThat(second.getAttempt()).isEqualTo(2);
            assertThat(second.getEventId()).isEqualTo(job.eventId());
            assertThat(second.getReleasedAt()).isBetween(millis(firstRetryDue), millis(firstRetryDue.plus(TICK)));

            // When: it fails again
            queue.fail(second);
            final Instant secondRetryDue = queue.now().plus(Duration.ofSeconds(360));
            advanceToJustBefore(queue, secondRetryDue);

            // Then: it waits 60 s × 6
            assertThat(queue.allCommands()).isEmpty();
            final JobCommand third = releaseOne(queue);
            assertThat(third.getAttempt()).isEqualTo(3);
            assertThat(third.getReleasedAt()).isBetween(millis(secondRetryDue), millis(secondRetryDue.plus(TICK)));
            assertThat(queue.deadLetters()).isEmpty();

            // When: it fails a third time
            queue.fail(third);

            // Then: the retries are spent; it is dead-lettered with its three attempts and the reason
            final List<DeadLetter> letters = queue.deadLetters();
            assertThat(letters).hasSize(1);
            final DeadLetter letter = letters.get(0);
            assertThat(letter.getEventId()).isEqualTo(job.eventId());
            assertThat(letter.getType()).isEqualTo(TYPE);
            assertThat(letter.getEvent()).isEqualTo(job.json());
            assertThat(letter.getReason()).startsWith("failed 3 times").contains("retryable HTTP 500");
            assertThat(letter.getAttempts())
                    .extracting(Attempt::getAttempt, Attempt::getCommandId, Attempt::getHttpStatus, Attempt::getOutcome)
                    .containsExactly(
                            tuple(1, first.getCommandId(), 500, AttemptOutcome.retryable),
                            tuple(2, second.getCommandId(), 500, AttemptOutcome.retryable),
                            tuple(3, third.getCommandId(), 500, AttemptOutcome.retryable));
            queue.advanceInSteps(SECOND, 3_600);
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().laneSize("normal")).isEqualTo(LaneSize.EMPTY);
        }
    }

    @Test
    void shouldDeadLetterAtOnceWhenRetriesAreOff() {
        final JobQueueConfig config =
                JobQueueConfig.of("eqiad").withDefaults(new JobDefaults(null, new RetryConfig(0, null, null), null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            queue.send(JobEvents.job(TYPE));
            final JobCommand command = releaseOne(queue);

            // When
            queue.fail(command);

            // Then
            final List<DeadLetter> letters = queue.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getReason()).startsWith("failed and retries are off");
            assertThat(letters.get(0).getAttempts())
                    .extracting(Attempt::getAttempt, Attempt::getOutcome)
                    .containsExactly(tuple(1, AttemptOutcome.retryable));
            queue.advanceInSteps(SECOND, 120);
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().total(Outcome.RETRIED)).isZero();
        }
    }

    @Test
    void shouldRetryReadOnlyWithoutSpendingAnAttempt() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job(TYPE));
            JobCommand command = releaseOne(queue);

            // When: the wiki answers read-only three times
            for (int readonly = 0; readonly < 3; readonly++) {
                queue.result(command, ResultStatus.retryable, 503, true);
                final Instant due = queue.now().plus(Duration.ofSeconds(60));
                advanceToJustBefore(queue, due);
                assertThat(queue.allCommands()).isEmpty();
                command = releaseOne(queue);

                // Then: it comes back after the plain delay, under a new command id but the same attempt number
                assertThat(command.getAttempt()).isEqualTo(1);
                assertThat(command.getReleasedAt()).isBetween(millis(due), millis(due.plus(TICK)));
            }
            assertThat(queue.metrics().total(Outcome.RETRIED)).isZero();

            // When: then it fails normally, three times
            queue.fail(command);
            advanceToJustBefore(queue, queue.now().plus(Duration.ofSeconds(60)));
            final JobCommand second = releaseOne(queue);
            queue.fail(second);
            advanceToJustBefore(queue, queue.now().plus(Duration.ofSeconds(360)));
            final JobCommand third = releaseOne(queue);
            queue.fail(third);

            // Then: it had the full budget of two retries, with the usual back-off
            assertThat(second.getAttempt()).isEqualTo(2);
            assertThat(third.getAttempt()).isEqualTo(3);
            final List<DeadLetter> letters = queue.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getAttempts())
                    .extracting(Attempt::getAttempt, Attempt::getOutcome)
                    .containsExactly(
                            tuple(1, AttemptOutcome.readonly),
                            tuple(1, AttemptOutcome.readonly),
                            tuple(1, AttemptOutcome.readonly),
                            tuple(1, AttemptOutcome.retryable),
                            tuple(2, AttemptOutcome.retryable),
                            tuple(3, AttemptOutcome.retryable));
            assertThat(letters.get(0).getAttempts())
                    .extracting(Attempt::getCommandId)
                    .doesNotHaveDuplicates();
            assertThat(queue.metrics().total(Outcome.RETRIED)).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepTheFirstAndLatestAttemptsOfAWikiThatStaysReadOnly() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given a job whose wiki answers read-only 30 times
            queue.send(JobEvents.job(TYPE));
            JobCommand command = releaseOne(queue);
            final List<String> commandIds = new java.util.ArrayList<>();
            for (int readonly = 0; readonly < 30; readonly++) {
                commandIds.add(command.getCommandId());
                queue.result(command, ResultStatus.retryable, 503, true);
                advanceToJustBefore(queue, queue.now().plus(Duration.ofSeconds(60)));
                command = releaseOne(queue);
            }

            // When it then fails fatally
            queue.result(command, ResultStatus.fatal, 500, false);

            // Then every call had its own command id, and the dead letter keeps the first and the latest 19 of the
            // 31 attempts, and counts the 11 left out
            commandIds.add(command.getCommandId());
            assertThat(commandIds).hasSize(31).doesNotHaveDuplicates();
            final DeadLetter letter = queue.deadLetters().get(0);
            assertThat(letter.getAttempts()).hasSize(20);
            assertThat(letter.getAttemptsNotKept()).isEqualTo(11);
            assertThat(letter.getAttempts().get(0).getCommandId()).isEqualTo(commandIds.get(0));
            assertThat(letter.getAttempts())
                    .extracting(Attempt::getCommandId)
                    .endsWith(commandIds.subList(12, 31).toArray(String[]::new));
        }
    }

    @Test
    void shouldDeadLetterAFatalResultAtOnce() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            final JobEvents job = JobEvents.job(TYPE);
            queue.send(job);
            final JobCommand command = releaseOne(queue);

            // When: the endpoint answers 404
            queue.result(command, ResultStatus.fatal, 404, false);

            // Then: no retry, straight to the dead letters
            final List<DeadLetter> letters = queue.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getEventId()).isEqualTo(job.eventId());
            assertThat(letters.get(0).getReason()).startsWith("fatal").contains("HTTP 404");
            assertThat(letters.get(0).getAttempts())
                    .extracting(Attempt::getAttempt, Attempt::getHttpStatus, Attempt::getOutcome)
                    .containsExactly(tuple(1, 404, AttemptOutcome.fatal));
            queue.advanceInSteps(SECOND, 120);
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().total(Outcome.RETRIED)).isZero();
            assertThat(queue.metrics().total(Outcome.DEAD_LETTERED)).isEqualTo(1);
        }
    }

    private static JobQueueConfig claimTtl(final Duration ttl) {
        return JobQueueConfig.of("eqiad").withQueue(new QueueConfig(null, ttl, null, TICK, null, null));
    }

    @Test
    void shouldRetryWhenTheClaimExpires() {
        try (JobQueueDriver queue = new JobQueueDriver(claimTtl(Duration.ofMinutes(10)))) {
            // Given: a released job without sha1 whose executor never answers
            queue.send(JobEvents.job(TYPE));
            final JobCommand first = releaseOne(queue);
            final Instant expiry = Instant.ofEpochMilli(first.getClaimExpiresAt());
            assertThat(expiry)
                    .isEqualTo(Instant.ofEpochMilli(first.getReleasedAt()).plus(Duration.ofMinutes(10)));

            // When: its claim runs out
            advanceToJustBefore(queue, expiry);
            assertThat(queue.metrics().laneSize("normal").inFlight()).isEqualTo(1);
            queue.advance(TICK);

            // Then: it counts as a retryable failure: no longer in flight, delayed by the first back-off
            assertThat(queue.metrics().total(Outcome.RETRIED)).isEqualTo(1);
            assertThat(queue.metrics().laneSize("normal").inFlight()).isZero();
            assertThat(queue.metrics().laneSize("normal").delayed()).isEqualTo(1);
            assertThat(queue.allCommands()).isEmpty();

            // When: the retry comes due
            final Instant retryDue = expiry.plus(Duration.ofSeconds(60));
            advanceToJustBefore(queue, retryDue);
            assertThat(queue.allCommands()).isEmpty();
            final JobCommand second = releaseOne(queue);

            // Then: it is attempt 2, released within a tick of its due time
            assertThat(second.getAttempt()).isEqualTo(2);
            assertThat(second.getReleasedAt()).isBetween(millis(retryDue), millis(retryDue.plus(TICK)));
            queue.ok(second);
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(1);
            assertThat(queue.deadLetters()).isEmpty();
        }
    }

    @Test
    void shouldSettleThePendingRetryWhenALateOkArrives() {
        try (JobQueueDriver queue = new JobQueueDriver(claimTtl(Duration.ofMinutes(10)))) {
            // Given: a released job whose claim expired, so that it waits for its retry
            queue.send(JobEvents.job(TYPE));
            final JobCommand first = releaseOne(queue);
            advanceToJustBefore(queue, Instant.ofEpochMilli(first.getClaimExpiresAt()));
            queue.advance(TICK);
            assertThat(queue.metrics().total(Outcome.RETRIED)).isEqualTo(1);

            // When: the lost executor's ok comes in late
            queue.advanceInSteps(SECOND, 20);
            queue.ok(first);
            queue.advanceInSteps(SECOND, 60);

            // Then: the job ran, so its retry is gone and it counts as ok
            assertThat(queue.metrics().total(Outcome.STALE_RESULT)).isEqualTo(1);
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(1);
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().laneSize("normal").delayed()).isZero();
            assertThat(queue.metrics().laneSize("normal").inFlight()).isZero();
        }
    }

    @Test
    void shouldKeepThePendingRetryWhenALateFailureArrives() {
        try (JobQueueDriver queue = new JobQueueDriver(claimTtl(Duration.ofMinutes(10)))) {
            // Given: a released job whose claim expired, so that it waits for its retry
            queue.send(JobEvents.job(TYPE).sha1("0123abcd"));
            final JobCommand first = releaseOne(queue);
            final Instant expiry = Instant.ofEpochMilli(first.getClaimExpiresAt());
            advanceToJustBefore(queue, expiry);
            queue.advance(TICK);

            // When: the lost executor's failure comes in late
            queue.fail(first);

            // Then: it is stale and changes nothing: the retry runs at its back-off, not dropped as its own twin
            assertThat(queue.metrics().total(Outcome.STALE_RESULT)).isEqualTo(1);
            advanceToJustBefore(queue, expiry.plus(Duration.ofSeconds(60)));
            assertThat(releaseOne(queue).getAttempt()).isEqualTo(2);
        }
    }

    @Test
    void shouldDeadLetterWhenTheClaimOfTheLastAttemptExpires() {
        final JobQueueConfig config = claimTtl(Duration.ofMinutes(10))
                .withDefaults(new JobDefaults(null, new RetryConfig(0, null, null), null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: a released job that may not be retried, whose executor never answers
            final JobEvents job = JobEvents.job(TYPE);
            queue.send(job);
            final JobCommand command = releaseOne(queue);

            // When: its claim runs out
            advanceToJustBefore(queue, Instant.ofEpochMilli(command.getClaimExpiresAt()));
            assertThat(queue.deadLetters()).isEmpty();
            queue.advance(TICK);

            // Then: the tick dead-letters it, with the expiry as its attempt
            final List<DeadLetter> letters = queue.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getEventId()).isEqualTo(job.eventId());
            assertThat(letters.get(0).getReason()).contains("claim_expired");
            assertThat(letters.get(0).getAttempts())
                    .extracting(Attempt::getAttempt, Attempt::getCommandId, Attempt::getOutcome)
                    .containsExactly(tuple(1, command.getCommandId(), AttemptOutcome.claim_expired));
            assertThat(queue.metrics().laneSize("normal").inFlight()).isZero();
        }
    }

    @Test
    void shouldCountOkAndRetriedAndDeadLettered() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: three released jobs
            final JobEvents succeeds = JobEvents.job(TYPE).title("A");
            final JobEvents retried = JobEvents.job(TYPE).title("B");
            final JobEvents fatal = JobEvents.job(TYPE).title("C");
            List.of(succeeds, retried, fatal).forEach(queue::send);
            queue.advance(TICK);
            final Map<String, JobCommand> byEvent =
                    queue.allCommands().stream().collect(Collectors.toMap(JobCommand::getEventId, Function.identity()));

            // When: one succeeds, one fails then succeeds, one is fatal
            queue.ok(byEvent.get(succeeds.eventId()));
            queue.fail(byEvent.get(retried.eventId()));
            queue.result(byEvent.get(fatal.eventId()), ResultStatus.fatal, 404, false);
            queue.advanceInSteps(SECOND, 61);
            final List<JobCommand> retries = queue.allCommands();
            assertThat(retries).extracting(JobCommand::getEventId).containsExactly(retried.eventId());
            queue.ok(retries.get(0));

            // Then
            assertThat(queue.metrics().total(Outcome.RELEASED)).isEqualTo(4);
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(2);
            assertThat(queue.metrics().total(Outcome.RETRIED)).isEqualTo(1);
            assertThat(queue.metrics().total(Outcome.DEAD_LETTERED)).isEqualTo(1);
            assertThat(queue.metrics().total(TYPE, Outcome.OK)).isEqualTo(2);
            assertThat(queue.metrics().total(Outcome.STALE_RESULT)).isZero();
            // From meta.dt to the first release: three jobs, the retry not counted
            assertThat(queue.metrics()
                            .registry()
                            .timer("jobqueue.lane.normal.release-delay")
                            .getCount())
                    .isEqualTo(3);
        }
    }
}
