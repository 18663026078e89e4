package org.jobqueue.topology.queue;

import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.AttemptOutcome;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.JobResult;

/** The attempts of a job's history: what an executor's result reports, or a claim that expired. */
final class Attempts {
    private Attempts() {}

    /** The attempt that an executor's {@code result} reports for the in-flight {@code job}. */
    static Attempt of(final JobResult result, final InFlightJob job) {
        return Attempt.newBuilder()
                .setAttempt(job.getAttempt())
                .setCommandId(result.getCommandId())
                .setReleasedAt(job.getReleasedAt())
                .setOutcome(outcomeOf(result))
                .setHttpStatus(result.getHttpStatus())
                .setStartedAt(result.getStartedAt())
                .setDurationMs(result.getDurationMs())
                .setMessage(result.getMessage())
                .build();
    }

    /** The attempt of a claim without a result at {@code now}: its executor died or lost it. */
    static Attempt expired(final String commandId, final InFlightJob job, final long now) {
        return Attempt.newBuilder()
                .setAttempt(job.getAttempt())
                .setCommandId(commandId)
                .setReleasedAt(job.getReleasedAt())
                .setOutcome(AttemptOutcome.claim_expired)
                .setMessage("no result within claim_ttl (" + (now - job.getReleasedAt()) + " ms after release)")
                .build();
    }

    private static AttemptOutcome outcomeOf(final JobResult result) {
        return switch (result.getStatus()) {
            case ok -> AttemptOutcome.ok;
            case fatal -> AttemptOutcome.fatal;
            case retryable -> result.getReadonly() ? AttemptOutcome.readonly : AttemptOutcome.retryable;
        };
    }
}
