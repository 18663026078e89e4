package org.jobqueue.topology.queue;

import java.util.HashMap;
import java.util.Map;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * Per-type rate limits in work items per second, like MediaWiki's {@code $wgJobBackoffThrottling}: the job that uses
 * the budget still runs, and the type then waits {@code items / rate} seconds. A type may go while its next allowed
 * time falls within the current tick, so a rate above one job per tick is reached on average, and an idle type saves
 * no budget. A type's limit is split evenly over the partitions, since its jobs spread evenly over them by job key.
 * The state is per partition and in memory: after a restart a type may release one job early.
 */
final class RateLimiter {
    private final JobQueueConfig config;
    private final int partitions;
    private final long tickMs;
    private final Map<String, Double> nextAllowedAt = new HashMap<>();

    RateLimiter(final JobQueueConfig config) {
        this.config = config;
        this.partitions = config.topics().partitions();
        this.tickMs = config.queue().tick().toMillis();
    }

    /** Whether {@code type} must wait at {@code now}. */
    boolean isThrottled(final String type, final long now) {
        final Double next = nextAllowedAt.get(type);
        return next != null && next >= now + tickMs;
    }

    /** Whether a job of {@code type} may go at {@code now}; if so, charges its work items. */
    boolean tryAcquire(final String type, final int workItems, final long now) {
        if (isThrottled(type, now)) return false;
        acquire(type, workItems, now);
        return true;
    }

    /** Charges a released job's work items to its type. */
    void acquire(final String type, final int workItems, final long now) {
        final Double rate = config.type(type).rate();
        if (rate == null || workItems <= 0) return;
        final double next = Math.max(nextAllowedAt.getOrDefault(type, (double) now), now);
        nextAllowedAt.put(type, next + workItems * 1000.0 / (rate / partitions));
    }
}
