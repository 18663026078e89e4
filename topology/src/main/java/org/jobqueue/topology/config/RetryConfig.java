package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Retries of a retryable failure: the n-th retry waits {@code delay × factor^(n-1)}; {@code limit} retries at most,
 * so a job runs at most {@code limit + 1} times ({@code limit: 0}: no retry).
 */
public record RetryConfig(
        @JsonProperty("limit") Integer limit,
        @JsonProperty("delay") Duration delay,
        @JsonProperty("factor") Double factor) {

    public static final RetryConfig DEFAULT = new RetryConfig(2, Duration.ofSeconds(60), 6.0);

    public RetryConfig {
        if (limit != null && limit < 0) throw new IllegalArgumentException("limit must be 0 or more, got " + limit);
        if (delay != null && delay.isNegative()) throw new IllegalArgumentException("delay must not be negative");
        if (factor != null && factor < 1.0)
            throw new IllegalArgumentException("factor must be 1 or more, got " + factor);
    }

    /** This configuration with every unset field taken from {@code fallback}. */
    public RetryConfig orElse(final RetryConfig fallback) {
        return new RetryConfig(
                limit != null ? limit : fallback.limit(),
                delay != null ? delay : fallback.delay(),
                factor != null ? factor : fallback.factor());
    }

    /** The wait before retry number {@code retry} (1-based). */
    public Duration backoff(final int retry) {
        return Duration.ofMillis(Math.round(delay.toMillis() * Math.pow(factor, retry - 1)));
    }
}
