package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the instance creates the topics it writes when they are missing. {@code partitions} is also the partition count of
 * the queue's repartition topic, so the results topic and the queue stay co-partitioned.
 */
public record TopicsConfig(
        @JsonProperty("partitions") Integer partitions,
        @JsonProperty("replication_factor") Short replicationFactor) {

    public static final TopicsConfig DEFAULT = new TopicsConfig(null, null);

    public TopicsConfig {
        partitions = partitions != null ? partitions : 8;
        if (partitions < 1) throw new IllegalArgumentException("partitions must be 1 or more, got " + partitions);
        replicationFactor = replicationFactor != null ? replicationFactor : (short) -1;
        if (replicationFactor == 0 || replicationFactor < -1)
            throw new IllegalArgumentException("replication_factor must be -1 (broker default) or 1 or more");
    }
}
