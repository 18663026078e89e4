package org.jobqueue.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.tools.broker.EmbeddedBroker;

/**
 * Where the bench runs: a broker (embedded in this JVM, or a cluster named by {@code --bootstrap}), a working
 * directory, and what every scenario needs of the cluster: topics whose records carry their append time, producers,
 * and waiting until an application has consumed everything.
 */
final class BenchEnvironment implements AutoCloseable {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final EmbeddedBroker broker;
    private final String bootstrapServers;
    private final Admin admin;

    private BenchEnvironment(final Path dir, final EmbeddedBroker broker, final String bootstrapServers) {
        this.dir = dir;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Starts an embedded broker in {@code dir} unless {@code bootstrap} names a cluster. */
    static BenchEnvironment start(final Path dir, final String bootstrap) {
        createDirectories(dir);
        if (bootstrap != null) return new BenchEnvironment(dir, null, bootstrap);
        final EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
        return new BenchEnvironment(dir, broker, broker.bootstrapServers());
    }

    Path dir() {
        return dir;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    boolean embedded() {
        return broker != null;
    }

    /**
     * Creates {@code topics} with {@code partitions} partitions whose records carry the broker's append time, so that
     * latencies are differences of append times, all from one clock. Each must be new: a scenario's figures count
     * every record of its topics.
     */
    void createTopics(final Collection<String> topics, final int partitions) {
        final List<NewTopic> newTopics = topics.stream()
                .map(name -> new NewTopic(name, partitions, (short) 1)
                        .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")))
                .toList();
        final Set<String> created;
        try {
            created = new TopicAdmin(admin, ADMIN_TIMEOUT).createMissing(newTopics);
        } catch (final KafkaException e) {
            throw new IllegalStateException("Cannot create " + topics + ": " + e.getMessage(), e);
        }
        if (!created.containsAll(topics)) {
            throw new IllegalStateException("Topics "
                    + topics.stream().filter(name -> !created.contains(name)).toList()
                    + " exist already: the bench needs new ones");
        }
        // The producers learn of the leaders from metadata of their own, which may lag the admin client's.
        Pause.of(Duration.ofMillis(500));
    }

    /**
     * A producer that outlasts an overloaded broker: not idempotent (an idempotent producer whose batches expire under
     * load fails with out-of-order sequences), one request in flight so that order holds, and long time-outs.
     */
    KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.LINGER_MS_CONFIG, 5,
                        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** How many records {@code group} has yet to consume from {@code topics} (committed offsets against the ends). */
    long lag(final String group, final Collection<String> topics) {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        final Map<TopicPartition, OffsetSpec> ends = get(
                        admin.describeTopics(topics).allTopicNames())
                .values()
                .stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResultInfo> latest =
                get(admin.listOffsets(ends).all());
        long lag = 0;
        for (final Map.Entry<TopicPartition, ListOffsetsResultInfo> end : latest.entrySet()) {
            final OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** Waits until {@code group} has consumed {@code topics} to their ends (0 lag, or a transaction marker). */
    void awaitConsumed(final String group, final Collection<String> topics, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (lag(group, topics) > 0) {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(group + " did not consume " + topics + " in " + timeout);
            Pause.of(Duration.ofMillis(250));
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
        if (broker != null) broker.close();
    }

    static <T> T get(final org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to the cluster", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The cluster did not answer: " + e.getMessage(), e);
        }
    }

    private static void createDirectories(final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
