package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.errors.UnwritableRecordHandler;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
    private static final String FIVE_MIB = Integer.toString(5 * 1024 * 1024);

    @Test
    void shouldSizeEveryHopForAnEventOfTheLimitAndItsEnvelope() {
        // When
        final Properties props = JobQueueTopology.streamsProperties(JobQueueConfig.of("eqiad"));

        // Then: the default 4 MiB event plus 1 MiB, where Kafka's defaults take 1 MiB
        assertThat(props)
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), FIVE_MIB)
                .containsEntry(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), FIVE_MIB)
                .containsEntry(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), FIVE_MIB)
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all")
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnwritableRecordHandler.class);
    }

    @Test
    void shouldFetchLittleOfEachInputPartitionAtATime() {
        // A poll's records are all processed before the next poll: a few MiB of one partition fetched ahead would
        // hold a high-lane job behind them. A larger record still comes, alone, when its partition's turn comes.
        assertThat(JobQueueTopology.streamsProperties(JobQueueConfig.of("eqiad")))
                .containsEntry(
                        StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), "65536");
    }

    @Test
    void shouldAskForTwoInSyncReplicasOfTheInternalTopicsWithThreeReplicas() {
        // Given
        final JobQueueConfig threeReplicas = new JobQueueConfig(
                "eqiad", null, null, null, null, null, new TopicsConfig(8, (short) 3), null, null, null, Map.of());

        // When / Then: two of three; the broker's default when the replication is the broker's
        assertThat(JobQueueTopology.streamsProperties(threeReplicas))
                .containsEntry(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), "2");
        assertThat(JobQueueTopology.streamsProperties(JobQueueConfig.of("eqiad")))
                .doesNotContainKey(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    }
}
