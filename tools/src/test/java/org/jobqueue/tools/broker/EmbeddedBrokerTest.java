package org.jobqueue.tools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class EmbeddedBrokerTest {
    private static final String TOPIC = "eqiad.mediawiki.job.refreshLinks";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dir;

    @Test
    void shouldKeepRecordsWhenRestartedOnTheSameDirectory() throws Exception {
        // Given: a broker that stored one record
        final int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir)) {
            port = broker.port();
            createTopic(broker);
            produce(broker, Map.of());
            assertThat(readAll(broker, "read_uncommitted")).containsExactly("job-1=payload");
        }

        // When: a new broker starts on the same directory and port
        try (EmbeddedBroker restarted = EmbeddedBroker.start(port, dir)) {

            // Then: the record is still there
            assertThat(restarted.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(readAll(restarted, "read_uncommitted")).containsExactly("job-1=payload");
        }
    }

    @Test
    void shouldCommitTransactionsOnItsSingleNode() throws Exception {
        // Given
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir)) {
            createTopic(broker);

            // When: a transactional producer writes and commits
            produce(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test"));

            // Then: a read_committed consumer sees the record
            assertThat(readAll(broker, "read_committed")).containsExactly("job-1=payload");
        }
    }

    @Test
    void shouldBindTheRequestedPortOnLoopback() {
        // Given / When
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir)) {

            // Then
            assertThat(broker.port()).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        }
    }

    @Test
    void shouldFailToStartWhenItsPortIsTaken() throws Exception {
        // Given: another process listens on the port
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {

            // When / Then
            assertThatThrownBy(() -> EmbeddedBroker.start(taken.getLocalPort(), dir))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    private static void createTopic(final EmbeddedBroker broker) throws ExecutionException, InterruptedException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
    }

    private static void produce(final EmbeddedBroker broker, final Map<String, Object> extraConfig)
            throws ExecutionException, InterruptedException {
        final Map<String, Object> config = new HashMap<>(extraConfig);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        final boolean transactional = extraConfig.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            producer.send(new ProducerRecord<>(TOPIC, "job-1", "payload")).get();
            if (transactional) producer.commitTransaction();
        }
    }

    private static List<String> readAll(final EmbeddedBroker broker, final String isolationLevel) {
        final Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolationLevel);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(PARTITION));
            consumer.seekToBeginning(Set.of(PARTITION));
            final List<String> seen = new ArrayList<>();
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
                return !seen.isEmpty();
            });
            return seen;
        }
    }
}
