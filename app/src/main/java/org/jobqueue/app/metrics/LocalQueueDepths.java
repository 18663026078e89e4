package org.jobqueue.app.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.inspect.PartitionView;
import org.jobqueue.topology.inspect.StoreLookup;
import org.jobqueue.topology.inspect.TypeDepth;

/**
 * The depth per lane and type of each queue partition this instance owns as active, read from its depth counters
 * through interactive queries. A partition that cannot answer now (restoring, moving) is left out of this read.
 */
final class LocalQueueDepths implements Supplier<Collection<TypeDepth>> {
    private final KafkaStreams streams;
    private final JobQueueConfig config;

    LocalQueueDepths(final KafkaStreams streams, final JobQueueConfig config) {
        this.streams = streams;
        this.config = config;
    }

    @Override
    public Collection<TypeDepth> get() {
        final List<TypeDepth> depths = new ArrayList<>();
        for (final int partition : activePartitions()) {
            try {
                depths.addAll(PartitionView.of(StoreLookup.of(streams, partition), config)
                        .depth(null, null, System.currentTimeMillis()));
            } catch (final InvalidStateStoreException notQueryableNow) {
                // Counted again at the next scrape, by this instance or by the new owner.
            }
        }
        return depths;
    }

    /** None while Kafka Streams is not started or has stopped: a scrape then has no depth, not an error. */
    private List<Integer> activePartitions() {
        final String byKey = JobQueueTopology.queuePartitionsTopic(config);
        try {
            return streams.metadataForLocalThreads().stream()
                    .flatMap(thread -> thread.activeTasks().stream())
                    .flatMap(task -> task.topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(byKey))
                    .map(TopicPartition::partition)
                    .distinct()
                    .toList();
        } catch (final InvalidStateStoreException | IllegalStateException notRunning) {
            return List.of();
        }
    }
}
