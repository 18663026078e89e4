package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of one job type. Unset fields fall back to {@link JobDefaults}. {@code rate} is in work items per second for
 * the whole application (a leaf counts its pages, a recursive job 0, any other job 1); {@code enabled: false} drops the
 * type's jobs at intake. {@code concurrency} caps the type's calls in flight per executor process, {@code endpoint}
 * and {@code timeout} override the executor's for the type, and {@code max_in_flight} caps how many of a partition's
 * lane window the type may hold (unset: the whole window).
 */
public record TypeConfig(
        @JsonProperty("priority") String priority,
        @JsonProperty("rate") Double rate,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("retry") RetryConfig retry,
        @JsonProperty("fanout") FanoutConfig fanout,
        @JsonProperty("concurrency") Integer concurrency,
        @JsonProperty("endpoint") URI endpoint,
        @JsonProperty("timeout") Duration timeout,
        @JsonProperty("max_in_flight") Integer maxInFlight) {

    public static final TypeConfig UNCONFIGURED = new TypeConfig(null, null, null, null, null);

    @JsonCreator
    public TypeConfig {
        if (rate != null && rate <= 0) throw new IllegalArgumentException("rate must be more than 0, got " + rate);
        atLeastOne("concurrency", concurrency);
        atLeastOne("max_in_flight", maxInFlight);
        if (timeout != null && (timeout.isNegative() || timeout.isZero()))
            throw new IllegalArgumentException("timeout must be more than 0");
    }

    /** A type's settings with no executor or window setting of its own. */
    public TypeConfig(
            final String priority,
            final Double rate,
            final Boolean enabled,
            final RetryConfig retry,
            final FanoutConfig fanout) {
        this(priority, rate, enabled, retry, fanout, null, null, null, null);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    private static void atLeastOne(final String key, final Integer value) {
        if (value != null && value < 1) throw new IllegalArgumentException(key + " must be 1 or more, got " + value);
    }
}
