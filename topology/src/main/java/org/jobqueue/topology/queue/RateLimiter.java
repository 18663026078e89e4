package org.jobqueue.topology.queue;

import java.util.HashMap;
import java.util.Map;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * Per-type rate limits in work items per second, like MediaWiki's {@code $wgJobBackoffThrottling}: the job that uses
 * the budget still runs, and the type waits {@code items / rate} seconds before its next release. A type's limit is
 * split evenly over the partitions, since its jobs spread evenly over them by job key.
 */
final class RateLimiter {
    private final JobQueueConfig config;
    private final int partitions;
    private final Map<String, Double> nextAllowedAt = new HashMap<>();

    RateLimiter(final JobQueueConfig config) {
        this.config = config;
        this.partitions = config.topics().partitions();
    }

    /** Whether a job of {@code type} with {@code workItems} items may be released at {@code now}; if so, charges it. */
    boolean tryAcquire(final String type, final int workItems, final long now) {
        final Double rate = config.type(type).rate();
        if (rate == null || workItems <= 0) return true;
        final double next = nextAllowedAt.getOrDefault(type, (double) now);
        if (next > now) return false;
        final double ratePerPartition = rate / partitions;
        nextAllowedAt.put(type, Math.max(next, now) + workItems * 1000.0 / ratePerPartition);
        return true;
    }

    /** Whether {@code type} is waiting for its budget at {@code now}. */
    boolean isThrottled(final String type, final long now) {
        final Double next = nextAllowedAt.get(type);
        return next != null && next > now;
    }
}
