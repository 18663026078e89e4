package org.jobqueue.topology.inspect;

import java.time.Instant;
import org.jobqueue.schemas.Attempt;

/** One attempt of a job as an operator sees it: times are ISO-8601 instants, or null. */
public record AttemptView(
        int attempt,
        String commandId,
        String releasedAt,
        String outcome,
        Integer httpStatus,
        String startedAt,
        Long durationMs,
        String message) {

    static AttemptView of(final Attempt attempt) {
        return new AttemptView(
                attempt.getAttempt(),
                attempt.getCommandId(),
                Instant.ofEpochMilli(attempt.getReleasedAt()).toString(),
                attempt.getOutcome().name(),
                attempt.getHttpStatus(),
                attempt.getStartedAt() == null
                        ? null
                        : Instant.ofEpochMilli(attempt.getStartedAt()).toString(),
                attempt.getDurationMs(),
                attempt.getMessage());
    }
}
