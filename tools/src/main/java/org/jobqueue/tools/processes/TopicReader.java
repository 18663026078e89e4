package org.jobqueue.tools.processes;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jobqueue.serdes.Topic;

/**
 * Reads every committed record ({@code read_committed}) of some topics from the beginning, without a consumer group.
 * {@link #readUntil} keeps what it has read; {@link #poll} hands each record over once and keeps nothing, for topics
 * too large to hold. Not thread-safe: use it from one thread at a time.
 */
public final class TopicReader<K, V> implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> read = new ArrayList<>();

    TopicReader(final Map<String, Object> clientConfig, final List<Topic<K, V>> topics) {
        final Topic<K, V> first = topics.get(0);
        this.consumer = new KafkaConsumer<>(
                config(clientConfig),
                first.keySerde().deserializer(),
                first.valueSerde().deserializer());
        try {
            assignFromTheBeginning(topics);
        } catch (final RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Polls once and returns the records that arrived. */
    public List<ConsumerRecord<K, V>> poll() {
        final List<ConsumerRecord<K, V>> arrived = new ArrayList<>();
        consumer.poll(POLL).forEach(arrived::add);
        return arrived;
    }

    /** Polls until {@code done} holds for every record {@code readUntil} has read so far, and returns them. */
    public List<ConsumerRecord<K, V>> readUntil(
            final Predicate<List<ConsumerRecord<K, V>>> done, final Duration timeout) {
        await("records")
                .pollInSameThread()
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    read.addAll(poll());
                    return done.test(read);
                });
        return List.copyOf(read);
    }

    @Override
    public void close() {
        consumer.close();
    }

    private void assignFromTheBeginning(final List<Topic<K, V>> topics) {
        final List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic.name()).stream())
                .map(TopicReader::partition)
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static Map<String, Object> config(final Map<String, Object> clientConfig) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    private static TopicPartition partition(final PartitionInfo info) {
        return new TopicPartition(info.topic(), info.partition());
    }
}
