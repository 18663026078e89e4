package org.jobqueue.topology;

import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;

/** Builds jobqueue's Kafka Streams topology: a pure function of the configuration. */
public final class JobQueueTopology {
    private JobQueueTopology() {}

    /** The topology for {@code config}; counters and gauges go to {@code metrics}. */
    public static Topology build(final JobQueueConfig config, final JobQueueMetrics metrics) {
        throw new UnsupportedOperationException("being written");
    }

    /** The Kafka Streams properties for {@code config}: the user's {@code kafka} map over jobqueue's defaults. */
    public static Properties streamsProperties(final JobQueueConfig config) {
        throw new UnsupportedOperationException("being written");
    }
}
