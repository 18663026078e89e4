package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the instance creates the topics it writes when they are missing, and Kafka Streams its internal topics. {@code
 * partitions} is also the partition count of the queue's repartition topic, so the results topic and the queue stay
 * co-partitioned. {@code min_insync_replicas} defaults to 2 with three replicas or more (a write survives the loss of a
 * broker), to 1 with fewer, and to the broker's default with the broker's default replication.
 */
public record TopicsConfig(
        @JsonProperty("partitions") Integer partitions,
        @JsonProperty("replication_factor") Short replicationFactor,
        @JsonProperty("min_insync_replicas") Short minInsyncReplicas) {

    public static final TopicsConfig DEFAULT = new TopicsConfig(null, null, null);
    /** The broker's default, for {@code replication_factor} and {@code min_insync_replicas}. */
    public static final short BROKER_DEFAULT = -1;

    public TopicsConfig(final Integer partitions, final Short replicationFactor) {
        this(partitions, replicationFactor, null);
    }

    public TopicsConfig {
        partitions = partitions != null ? partitions : 8;
        if (partitions < 1) throw new IllegalArgumentException("partitions must be 1 or more, got " + partitions);
        replicationFactor = replicationFactor != null ? replicationFactor : BROKER_DEFAULT;
        if (replicationFactor == 0 || replicationFactor < BROKER_DEFAULT)
            throw new IllegalArgumentException("replication_factor must be -1 (broker default) or 1 or more");
        minInsyncReplicas = minInsyncReplicas != null ? minInsyncReplicas : defaultMinInsyncReplicas(replicationFactor);
        if (minInsyncReplicas == 0 || minInsyncReplicas < BROKER_DEFAULT)
            throw new IllegalArgumentException("min_insync_replicas must be -1 (broker default) or 1 or more");
        if (replicationFactor != BROKER_DEFAULT && minInsyncReplicas > replicationFactor)
            throw new IllegalArgumentException("min_insync_replicas (" + minInsyncReplicas
                    + ") must not exceed replication_factor (" + replicationFactor + "): no write could succeed");
    }

    private static short defaultMinInsyncReplicas(final short replicationFactor) {
        if (replicationFactor == BROKER_DEFAULT) return BROKER_DEFAULT;
        return replicationFactor >= 3 ? (short) 2 : (short) 1;
    }
}
