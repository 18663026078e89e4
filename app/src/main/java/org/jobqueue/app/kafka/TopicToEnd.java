package org.jobqueue.app.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 * Reads every partition of a topic from its beginning to the end it had when the reading started, by assignment (no
 * consumer group), and hands each record on in partition order. A topic that does not exist reads as empty.
 */
public final class TopicToEnd {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> consumerProperties;

    /**
     * A reader with {@code config}'s consumer properties, by assignment: no group, no commits, no topic created by
     * looking (the control topic must be created compacted), and only committed records (the dead letters are written
     * in the topology's transactions under exactly-once).
     */
    public TopicToEnd(final JobQueueConfig config, final String clientId) {
        this(readerProperties(config, clientId));
    }

    public TopicToEnd(final Map<String, Object> consumerProperties) {
        this.consumerProperties = consumerProperties;
    }

    public void read(final String topic, final Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = partitionsOf(consumer, topic);
            if (partitions.isEmpty()) return;
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnds(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "could not read " + topic + " to its end in " + TIMEOUT.toSeconds() + " s");
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    final long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                    if (record.offset() < end) each.accept(record);
                }
            }
        }
    }

    private static Map<String, Object> readerProperties(final JobQueueConfig config, final String clientId) {
        final Map<String, Object> properties =
                new HashMap<>(KafkaClientProperties.of(config.kafka(), ConsumerConfig.configNames(), "consumer."));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    private static List<TopicPartition> partitionsOf(final KafkaConsumer<?, ?> consumer, final String topic) {
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        return infos == null
                ? List.of()
                : infos.stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
    }

    private static boolean reachedEnds(final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue());
    }
}
