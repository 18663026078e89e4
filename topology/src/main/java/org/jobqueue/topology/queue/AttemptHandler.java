package org.jobqueue.topology.queue;

import java.util.Optional;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.serdes.json.Reasons;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.RetryConfig;
import org.jobqueue.topology.logging.ThrottledWarnings;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.queue.state.AttemptHistory;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.Traces;
import org.slf4j.LoggerFactory;

/**
 * Decides what follows an attempt: an ok job leaves the queue (and marks its sha1 executed); a retryable failure goes
 * back to the delayed index after {@code delay × factor^(attempt-1)} while retries remain; a read-only answer retries
 * after {@code delay} without spending an attempt; a fatal failure, or the last retryable one, is dead-lettered.
 */
final class AttemptHandler {
    private static final ThrottledWarnings DEAD_LETTERS =
            ThrottledWarnings.perMinute(LoggerFactory.getLogger(AttemptHandler.class), "dead-letter", 20);

    private final QueueState state;
    private final Traces traces;
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;

    AttemptHandler(
            final QueueState state, final Traces traces, final JobQueueConfig config, final JobQueueMetrics metrics) {
        this.state = state;
        this.traces = traces;
        this.config = config;
        this.metrics = metrics;
    }

    /** Ends the in-flight {@code job}'s claim with {@code attempt}; returns the dead letter if it is one. */
    Optional<DeadLetter> handle(final String commandId, final InFlightJob job, final Attempt attempt, final long now) {
        final AttemptHistory attempts = state.finish(commandId, job, attempt);
        final String type = job.getJob().getType();
        final RetryConfig retry = config.retryOf(type);
        return switch (attempt.getOutcome()) {
            case ok -> succeed(job, attempts, attempt, now);
            case fatal -> Optional.of(bury(job, attempts, "fatal: " + describe(attempt), now));
            case readonly ->
                requeue(
                        job,
                        attempts,
                        job.getAttempt(),
                        dueAfter(now, retry.delay().toMillis()),
                        now);
            case retryable, claim_expired -> retryOrBury(job, attempts, retry, attempt, now);
        };
    }

    /** A late ok still means the job ran: it settles the job's pending retry and marks its sha1 executed. */
    void settleStale(final JobResult result, final long now) {
        metrics.count(result.getType(), Outcome.STALE_RESULT);
        if (result.getStatus() != ResultStatus.ok) return;
        if (JobKeys.hasSha1(result.getJobKey())) {
            state.recordExecution(result.getJobKey(), result.getEventId(), result.getStartedAt());
        }
        final QueuedJob retry = state.waiting(result.getJobKey());
        if (retry != null && retry.getJob().getEventId().equals(result.getEventId())) {
            state.remove(retry);
            traces.done(
                    retry.getJob(),
                    null,
                    new AttemptHistory(retry.getAttempts(), retry.getAttemptsNotKept()),
                    retry.getEnqueuedAt(),
                    now);
            metrics.count(result.getType(), Outcome.OK);
        }
    }

    private Optional<DeadLetter> succeed(
            final InFlightJob inFlight, final AttemptHistory attempts, final Attempt attempt, final long now) {
        final Job job = inFlight.getJob();
        traces.done(job, null, attempts, inFlight.getEnqueuedAt(), now);
        if (job.getSha1() != null && attempt.getStartedAt() != null) {
            state.recordExecution(job.getJobKey(), job.getEventId(), attempt.getStartedAt());
        }
        metrics.count(job.getType(), Outcome.OK);
        return Optional.empty();
    }

    private Optional<DeadLetter> retryOrBury(
            final InFlightJob job,
            final AttemptHistory attempts,
            final RetryConfig retry,
            final Attempt attempt,
            final long now) {
        final int retriesUsed = job.getAttempt() - 1;
        if (retriesUsed >= retry.limit()) {
            final String reason = retry.limit() == 0
                    ? "failed and retries are off: " + describe(attempt)
                    : "failed " + job.getAttempt() + " times; last: " + describe(attempt);
            return Optional.of(bury(job, attempts, reason, now));
        }
        metrics.count(job.getJob().getType(), Outcome.RETRIED);
        return requeue(
                job,
                attempts,
                job.getAttempt() + 1,
                dueAfter(now, retry.backoff(job.getAttempt()).toMillis()),
                now);
    }

    private Optional<DeadLetter> requeue(
            final InFlightJob job,
            final AttemptHistory attempts,
            final int nextAttempt,
            final long dueAt,
            final long now) {
        final Job event = job.getJob();
        final QueuedJob twin = state.waiting(event.getJobKey());
        if (twin != null) {
            // An identical job is waiting: it will do this job's work, as MediaWiki's first-wins dedup would have it.
            // It takes the work over as of this job's release, so that this job's own start does not drop it.
            if (twin.getJob().getCreatedAt() < job.getReleasedAt()) {
                twin.getJob().setCreatedAt(job.getReleasedAt());
                state.update(twin);
            }
            metrics.countDeduplicated(event.getType(), "retry-merged");
            traces.deduplicated(event, "retry-merged", twin.getJob().getEventId(), job.getEnqueuedAt(), now);
            return Optional.empty();
        }
        traces.waiting(event, job.getEnqueuedAt(), now);
        state.delay(
                new QueuedJob(
                        event,
                        null,
                        Lanes.of(job),
                        nextAttempt,
                        attempts.kept(),
                        attempts.notKept(),
                        job.getEnqueuedAt(),
                        null,
                        null),
                dueAt);
        return Optional.empty();
    }

    // Strictly after now: the delayed index's scan has already passed everything due at or before now.
    private static long dueAfter(final long now, final long waitMs) {
        return now + Math.max(1, waitMs);
    }

    private DeadLetter bury(
            final InFlightJob inFlight, final AttemptHistory attempts, final String reason, final long now) {
        final Job job = inFlight.getJob();
        traces.deadLettered(job, reason, attempts, inFlight.getEnqueuedAt(), now);
        metrics.count(job.getType(), Outcome.DEAD_LETTERED);
        DEAD_LETTERS.warn(
                "dead-lettered job {} ({} on {}, event {}): {}",
                job.getJobKey(),
                job.getType(),
                job.getDatabase(),
                job.getEventId(),
                Reasons.oneLine(reason));
        return new DeadLetter(
                job.getJobKey(),
                job.getEventId(),
                job.getDatabase(),
                job.getType(),
                reason,
                now,
                attempts.kept(),
                attempts.notKept(),
                job.getEvent());
    }

    private static String describe(final Attempt attempt) {
        final StringBuilder text = new StringBuilder(attempt.getOutcome().name());
        if (attempt.getHttpStatus() != null) text.append(" HTTP ").append(attempt.getHttpStatus());
        if (attempt.getMessage() != null) text.append(": ").append(attempt.getMessage());
        return text.toString();
    }
}
