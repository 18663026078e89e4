package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/** What a job type gets when its own entry says nothing. */
public record JobDefaults(
        @JsonProperty("priority") String priority,
        @JsonProperty("retry") RetryConfig retry,
        @JsonProperty("root_claim_ttl") Duration rootClaimTtl) {

    public static final JobDefaults DEFAULT = new JobDefaults(null, null, null);

    public JobDefaults {
        priority = priority != null ? priority : LaneNames.NORMAL;
        retry = retry != null ? retry.orElse(RetryConfig.DEFAULT) : RetryConfig.DEFAULT;
        rootClaimTtl = rootClaimTtl != null ? rootClaimTtl : Duration.ofDays(7);
        if (rootClaimTtl.isNegative() || rootClaimTtl.isZero())
            throw new IllegalArgumentException("root_claim_ttl must be more than 0");
    }
}
