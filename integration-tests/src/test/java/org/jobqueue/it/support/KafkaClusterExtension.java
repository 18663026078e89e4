package org.jobqueue.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.serdes.Topic;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real one-node KRaft cluster (combined broker and controller, {@link KafkaClusterTestKit}) per test class, with the
 * helpers integration tests need: topics, producing, reading committed records, unique names and state directories.
 *
 * <p>Register it as {@code @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();}.
 * Internal topics have replication factor 1 and min ISR 1, so {@code exactly_once_v2} runs on the one node.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> BROKER_CONFIG = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1",
            "group.initial.rebalance.delay.ms", "0",
            "group.streams.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    private final AtomicInteger names = new AtomicInteger();
    private KafkaClusterTestKit cluster;
    private Admin admin;
    private Path scratch;

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        cluster = newCluster();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(clientConfig());
        scratch = Files.createTempDirectory("jobqueue-it-");
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        Utils.closeQuietly(admin, "admin");
        if (cluster != null) cluster.close();
        if (scratch != null) Utils.delete(scratch.toFile());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The settings every client of this cluster needs. */
    public Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    public Admin admin() {
        return admin;
    }

    /**
     * A name unique in this cluster, made from the test method's name: for application ids, topics, data centres.
     * Lower case, {@code [a-z0-9-]} only.
     */
    public String uniqueName(final TestInfo testInfo) {
        final String method = testInfo.getTestMethod().map(Method::getName).orElse("test");
        final String slug = method.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
        return slug + "-" + names.incrementAndGet();
    }

    /** A unique Kafka Streams {@code application.id} for this test. */
    public String uniqueApplicationId(final TestInfo testInfo) {
        return "it-" + uniqueName(testInfo);
    }

    /** A new empty directory, deleted after the test class. */
    public Path newStateDir() {
        try {
            return Files.createTempDirectory(scratch, "state-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void createTopics(final int partitions, final String... topics) {
        createTopics(partitions, List.of(topics));
    }

    public void createTopics(final int partitions, final Collection<String> topics) {
        final List<NewTopic> newTopics = topics.stream()
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        get(admin.createTopics(newTopics).all());
        awaitTopics(topics);
    }

    /** Waits until every topic in {@code topics} exists (for topics that an application creates). */
    public void awaitTopics(final Collection<String> topics) {
        awaitTopics(topics, () -> false);
    }

    /** Waits until every topic in {@code topics} exists, or until {@code stopWaiting} holds. */
    public void awaitTopics(final Collection<String> topics, final BooleanSupplier stopWaiting) {
        await("topics " + topics)
                .atMost(TIMEOUT)
                .until(() -> stopWaiting.getAsBoolean()
                        || get(admin.listTopics().names()).containsAll(topics));
    }

    /** Writes {@code records} with the topic's serdes and waits until every one is acknowledged. */
    public <K, V> void produce(final Topic<K, V> topic, final List<KeyValue<K, V>> records) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(
                producerConfig(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (final KeyValue<K, V> record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), record.key, record.value)));
            }
            sent.forEach(KafkaClusterExtension::get);
        }
    }

    /** Writes raw bytes to {@code topic}. */
    public void produce(final String topic, final byte[] key, final byte[] value) {
        produce(new Topic<>(topic, Serdes.ByteArray(), Serdes.ByteArray()), List.of(KeyValue.pair(key, value)));
    }

    /** A reader of the committed records of {@code topics}, from the beginning; the topics must exist. */
    public <K, V> TopicReader<K, V> reader(final List<Topic<K, V>> topics) {
        return new TopicReader<>(clientConfig(), topics);
    }

    /** Reads {@code topic}'s committed records from the beginning until {@code done} holds for all read so far. */
    public <K, V> List<ConsumerRecord<K, V>> consumeUntil(
            final Topic<K, V> topic, final Predicate<List<ConsumerRecord<K, V>>> done, final Duration timeout) {
        try (TopicReader<K, V> reader = reader(List.of(topic))) {
            return reader.readUntil(done, timeout);
        }
    }

    private Map<String, Object> producerConfig() {
        final Map<String, Object> config = new HashMap<>(clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    private static KafkaClusterTestKit newCluster() throws Exception {
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
        BROKER_CONFIG.forEach(builder::setConfigProp);
        final KafkaClusterTestKit kit = builder.build();
        kit.nonFatalFaultHandler().setIgnore(true);
        return kit;
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
