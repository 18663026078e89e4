package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kafka Streams' processing guarantee, as the configuration spells it. */
public enum ProcessingGuarantee {
    @JsonProperty("exactly_once_v2")
    EXACTLY_ONCE_V2("exactly_once_v2"),
    @JsonProperty("at_least_once")
    AT_LEAST_ONCE("at_least_once");

    private final String streamsValue;

    ProcessingGuarantee(final String streamsValue) {
        this.streamsValue = streamsValue;
    }

    public String streamsValue() {
        return streamsValue;
    }
}
