package org.jobqueue.tools.processes;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.serdes.Topic;

/**
 * A Kafka cluster that a test or the soak talks to, and what they do with it: create topics, produce, read committed
 * records. {@link BrokerProcess}, a broker in a JVM of its own, is one; the integration tests' in-process cluster is
 * another.
 */
public interface KafkaCluster {
    Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);

    String bootstrapServers();

    Admin admin();

    /** The settings every client of this cluster needs. */
    default Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** The replicas of the topics created here, and of jobqueue's own topics in a deployment's configuration. */
    default short replicationFactor() {
        return 1;
    }

    default void createTopics(final int partitions, final String... topics) {
        createTopics(partitions, List.of(topics));
    }

    default void createTopics(final int partitions, final Collection<String> topics) {
        final List<NewTopic> newTopics = topics.stream()
                .map(name -> new NewTopic(name, partitions, replicationFactor()))
                .toList();
        get(admin().createTopics(newTopics).all());
        awaitTopics(topics);
    }

    /** Waits until every topic in {@code topics} exists (for topics that an application creates). */
    default void awaitTopics(final Collection<String> topics) {
        awaitTopics(topics, () -> false);
    }

    /** Waits until every topic in {@code topics} exists, or until {@code stopWaiting} holds. */
    default void awaitTopics(final Collection<String> topics, final BooleanSupplier stopWaiting) {
        await("topics " + topics)
                .atMost(TOPICS_TIMEOUT)
                .until(() -> stopWaiting.getAsBoolean()
                        || get(admin().listTopics().names()).containsAll(topics));
    }

    /** Writes {@code records} with the topic's serdes and waits until every one is acknowledged. */
    default <K, V> void produce(final Topic<K, V> topic, final List<KeyValue<K, V>> records) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(
                producerConfig(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (final KeyValue<K, V> record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), record.key, record.value)));
            }
            sent.forEach(KafkaCluster::get);
        }
    }

    /** Writes raw bytes to {@code topic}. */
    default void produce(final String topic, final byte[] key, final byte[] value) {
        produce(new Topic<>(topic, Serdes.ByteArray(), Serdes.ByteArray()), List.of(KeyValue.pair(key, value)));
    }

    /** A reader of the committed records of {@code topics}, from the beginning; the topics must exist. */
    default <K, V> TopicReader<K, V> reader(final List<Topic<K, V>> topics) {
        return new TopicReader<>(clientConfig(), topics);
    }

    /** Reads {@code topic}'s committed records from the beginning until {@code done} holds for all read so far. */
    default <K, V> List<ConsumerRecord<K, V>> consumeUntil(
            final Topic<K, V> topic, final Predicate<List<ConsumerRecord<K, V>>> done, final Duration timeout) {
        try (TopicReader<K, V> reader = reader(List.of(topic))) {
            return reader.readUntil(done, timeout);
        }
    }

    /** An idempotent producer's settings that wait for every replica. */
    default Map<String, Object> producerConfig() {
        final Map<String, Object> config = new HashMap<>(clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    static <T> T get(final Future<T> future) {
        try {
            return future.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
