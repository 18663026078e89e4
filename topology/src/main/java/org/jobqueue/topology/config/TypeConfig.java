package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jobqueue.schemas.Priority;

/**
 * Settings of one job type. Unset fields fall back to {@link JobDefaults}. {@code rate} is in work items per second for
 * the whole application (a leaf counts its pages, a recursive job 0, any other job 1); {@code enabled: false} drops the
 * type's jobs at intake.
 */
public record TypeConfig(
        @JsonProperty("priority") Priority priority,
        @JsonProperty("rate") Double rate,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("retry") RetryConfig retry,
        @JsonProperty("fanout") FanoutConfig fanout) {

    public static final TypeConfig UNCONFIGURED = new TypeConfig(null, null, null, null, null);

    public TypeConfig {
        if (rate != null && rate <= 0) throw new IllegalArgumentException("rate must be more than 0, got " + rate);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }
}
