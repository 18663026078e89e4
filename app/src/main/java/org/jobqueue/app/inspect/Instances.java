package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jobqueue.app.config.KafkaClientProperties;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The instances announced on {@code <dc>.jobqueue.instances}: the topic read from its beginning to its end, the latest
 * announcement per key kept unless a tombstone followed it.
 */
final class Instances {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JobQueueConfig config;

    Instances(final JobQueueConfig config) {
        this.config = config;
    }

    static String topic(final JobQueueConfig config) {
        return config.dc() + ".jobqueue.instances";
    }

    static String bootstrap(final JobQueueConfig config) {
        return config.kafka().getOrDefault("bootstrap.servers", "?");
    }

    /** The admin addresses of the announced instances, the most recently started first. */
    List<URI> adminAddresses() {
        final Map<String, JsonNode> announced = new HashMap<>();
        readToEnd(record -> {
            final String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) announced.remove(key);
            else announced.put(key, parse(record.value()));
        });
        return announced.values().stream()
                .filter(value -> value.hasNonNull("admin"))
                .sorted(Comparator.comparing(
                                (JsonNode value) -> value.path("started_at").asText(""))
                        .reversed())
                .map(value -> URI.create(value.get("admin").asText()))
                .toList();
    }

    private static JsonNode parse(final byte[] value) {
        try {
            return AdminApi.JSON.readTree(value);
        } catch (final IOException notJson) {
            return AdminApi.JSON.createObjectNode();
        }
    }

    private void readToEnd(final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        final String topic = topic(config);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(readerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) return;
            final List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!ends.entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "could not read " + topic + " to its end in " + TIMEOUT.toSeconds() + " s");
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null) each.accept(record);
                }
            }
        }
    }

    private Map<String, Object> readerProperties() {
        final Map<String, Object> properties =
                new HashMap<>(KafkaClientProperties.of(config.kafka(), ConsumerConfig.configNames(), "consumer."));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "jobqueue-inspect");
        return properties;
    }
}
