package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Expansion of a recursive backlink job: backlinks per step, and pages per leaf job. */
public record FanoutConfig(
        @JsonProperty("batch") Integer batch,
        @JsonProperty("pages_per_job") Integer pagesPerJob) {

    public FanoutConfig {
        if (batch != null && batch < 1) throw new IllegalArgumentException("batch must be 1 or more, got " + batch);
        if (pagesPerJob != null && pagesPerJob < 1)
            throw new IllegalArgumentException("pages_per_job must be 1 or more, got " + pagesPerJob);
        batch = batch != null ? batch : 300;
        pagesPerJob = pagesPerJob != null ? pagesPerJob : 1;
    }
}
