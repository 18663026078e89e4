package org.jobqueue.topology.queue;

import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;

/**
 * Releases ready jobs as commands, highest lane first, each lane within its in-flight window and every type within its
 * rate limit. One run reads at most {@code max_scan_per_tick} index entries.
 */
final class Releaser {
    private final QueueState state;
    private final ReleaseChecks checks;
    private final RateLimiter rateLimiter;
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;

    Releaser(
            final QueueState state,
            final ReleaseChecks checks,
            final JobQueueConfig config,
            final JobQueueMetrics metrics) {
        this.state = state;
        this.checks = checks;
        this.rateLimiter = new RateLimiter(config);
        this.config = config;
        this.metrics = metrics;
    }

    void run(final long now, final Consumer<JobCommand> emit) {
        int scanBudget = config.queue().maxScanPerTick();
        for (final Priority lane : Priority.values()) {
            scanBudget -= releaseLane(lane, now, scanBudget, emit);
        }
    }

    /** Returns how many index entries it read. */
    private int releaseLane(
            final Priority lane, final long now, final int scanBudget, final Consumer<JobCommand> emit) {
        int window = config.queue().inFlight().get(lane) - state.inFlightCount(lane);
        int scanned = 0;
        try (KeyValueIterator<Bytes, String> entries =
                state.readyIndex().range(QueueKeys.laneStart(lane), QueueKeys.laneEnd(lane))) {
            while (window > 0 && scanned < scanBudget && entries.hasNext()) {
                final KeyValue<Bytes, String> entry = entries.next();
                scanned++;
                if (tryRelease(entry.key, state.waiting(entry.value), now, emit)) window--;
            }
        }
        return scanned;
    }

    private boolean tryRelease(
            final Bytes readyKey, final QueuedJob queued, final long now, final Consumer<JobCommand> emit) {
        if (queued == null) {
            state.readyIndex().delete(readyKey);
            return false;
        }
        final String type = queued.getJob().getType();
        if (rateLimiter.isThrottled(type, now)) return false;
        final Optional<String> dropReason = checks.dropReason(queued.getJob(), now);
        if (dropReason.isPresent()) {
            state.dropReady(readyKey, queued);
            countDrop(type, dropReason.get());
            return false;
        }
        rateLimiter.tryAcquire(type, queued.getJob().getWorkItems(), now);
        emit.accept(
                state.release(readyKey, queued, now, config.queue().claimTtl().toMillis()));
        metrics.count(type, Outcome.RELEASED);
        return true;
    }

    private void countDrop(final String type, final String reason) {
        if (ReleaseChecks.ABANDONED.equals(reason)) {
            metrics.count(type, Outcome.ABANDONED);
        } else {
            metrics.countDeduplicated(type, reason);
        }
    }
}
