package org.jobqueue.topology.queue;

import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.topology.queue.state.DueScan;
import org.jobqueue.topology.queue.state.QueueState;

/**
 * Treats a released job whose result has not come within {@code claim_ttl} as a retryable failure: its executor died
 * or lost it. At most {@code limit} claims per run.
 */
final class ClaimExpirer {
    private final QueueState state;
    private final AttemptHandler attempts;
    private final DueScan scan;

    ClaimExpirer(final QueueState state, final AttemptHandler attempts, final int limit) {
        this.state = state;
        this.attempts = attempts;
        this.scan = state.expiredClaims(limit);
    }

    void run(final long now, final Consumer<DeadLetter> bury) {
        for (final KeyValue<Bytes, String> claim : scan.due(now)) {
            final InFlightJob job = state.inFlight(claim.value);
            if (job == null) {
                state.dropStaleClaim(claim.key);
            } else {
                attempts.handle(claim.value, job, Attempts.expired(claim.value, job, now), now)
                        .ifPresent(bury);
            }
        }
    }
}
