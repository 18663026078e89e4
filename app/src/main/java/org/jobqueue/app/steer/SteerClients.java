package org.jobqueue.app.steer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jobqueue.app.config.KafkaClientProperties;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The Kafka client properties of the steering commands: the configuration's {@code kafka} map, kept to the names each
 * client understands (then its {@code consumer.}, {@code producer.} or {@code admin.} prefixed ones), with the
 * settings these commands rely on, which the map may not override.
 */
public final class SteerClients {
    private SteerClients() {}

    static Map<String, Object> admin(final JobQueueConfig config, final String clientId) {
        final Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        properties.putAll(KafkaClientProperties.of(config.kafka(), AdminClientConfig.configNames(), "admin."));
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    /** An idempotent producer with {@code acks=all} that can send the largest record jobqueue accepts. */
    public static Map<String, Object> writer(final JobQueueConfig config, final String clientId) {
        final Map<String, Object> properties =
                new HashMap<>(KafkaClientProperties.of(config.kafka(), ProducerConfig.configNames(), "producer."));
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.queue().maxRecordBytes());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    static String bootstrap(final JobQueueConfig config) {
        return config.kafka().getOrDefault("bootstrap.servers", "?");
    }
}
