package org.jobqueue.app.executor;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jobqueue.app.config.KafkaClientProperties;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The Kafka client properties of the executors, from the user's {@code kafka} map: it is shared with Kafka Streams, so
 * only the names a consumer (or producer) understands are kept, then those with Streams' {@code consumer.} (or
 * {@code producer.}) prefix, then what the executors need to keep their guarantees.
 */
final class ExecutorClientProperties {
    private static final String CONSUMER_PREFIX = "consumer.";
    private static final String PRODUCER_PREFIX = "producer.";

    private ExecutorClientProperties() {}

    /** The consumer group of one lane's executors. */
    static String groupId(final JobQueueConfig config, final String lane) {
        return config.applicationId() + "-executor-" + lane;
    }

    static Map<String, Object> consumer(final JobQueueConfig config, final String lane) {
        final Map<String, Object> properties = new HashMap<>();
        // One fetch never holds many more commands than the lane can start, so few wait unstarted in memory.
        properties.put(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                config.executor().concurrency().get(lane));
        properties.putAll(KafkaClientProperties.of(config.kafka(), ConsumerConfig.configNames(), CONSUMER_PREFIX));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(config, lane));
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId(config, lane));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    static Map<String, Object> producer(final JobQueueConfig config) {
        final Map<String, Object> properties =
                new HashMap<>(KafkaClientProperties.of(config.kafka(), ProducerConfig.configNames(), PRODUCER_PREFIX));
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-executor-results");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }
}
