package org.jobqueue.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.serdes.Fences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** {@code jobqueue replay} against a real broker: codfw's application takes over eqiad's mirrored job topics. */
@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReplayCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    private static final int RECORDS_PER_PARTITION = 10;
    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String eqiad;
    private String jobTopic;
    private String applicationId;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = OneNodeCluster.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        cluster.close();
    }

    /** Each test its own eqiad: two partitions of one job topic, a record a second from T0 in each. */
    @BeforeEach
    void mirroredJobTopic() throws Exception {
        eqiad = "eqiad" + UUID.randomUUID().toString().substring(0, 8);
        jobTopic = eqiad + ".mediawiki.job.refreshLinks";
        applicationId = "jobqueue-codfw-" + eqiad;
        admin.createTopics(List.of(new NewTopic(jobTopic, 2, (short) 1))).all().get();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                    final long timestamp = T0.plusSeconds(i).toEpochMilli();
                    producer.send(new ProducerRecord<>(jobTopic, partition, timestamp, null, new byte[] {1}));
                }
            }
        }
    }

    @Test
    void shouldMoveOffsetsBackToTheTimeAndFenceTheOtherDcsResults() throws Exception {
        // Given: codfw's application read 8 records of partition 0 and never read partition 1
        commit(Map.of(new TopicPartition(jobTopic, 0), 8L));

        // When
        final int exitCode = jobqueue("replay", "--config", config(), "--dc", eqiad, "--from", at(5));

        // Then: both partitions restart at the first record of T0 + 5 s
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(committed()).containsEntry(partition(0), 5L).containsEntry(partition(1), 5L);
        assertThat(out.toString())
                .containsPattern(jobTopic + "\\s+0\\s+8\\s+5\\s+3")
                .containsPattern(jobTopic + "\\s+1\\s+-\\s+5\\s+5")
                .contains("total: 2 partitions, 8 records to re-read")
                .contains("moved 2 partitions")
                .contains("fenced 3 partitions of " + eqiad + ".jobqueue.results");
        // And: one fence in every partition of eqiad's mirrored results
        final List<ConsumerRecord<byte[], byte[]>> fences = readAll(eqiad + ".jobqueue.results", 3);
        assertThat(fences).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(fences)
                .allSatisfy(fence -> assertThat(Fences.timeOf(fence.headers())).isPresent());
    }

    @Test
    void shouldNeverMoveAPartitionForward() throws Exception {
        // Given: partition 0 is at offset 2, before the time's offset
        commit(Map.of(partition(0), 2L, partition(1), 9L));

        // When
        final int exitCode = jobqueue("replay", "--config", config(), "--dc", eqiad, "--from", at(5));

        // Then: partition 0 keeps its offset, so no job is skipped
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(committed()).containsEntry(partition(0), 2L).containsEntry(partition(1), 5L);
        assertThat(out.toString()).contains("moved 1 partitions");
    }

    @Test
    void shouldChangeNothingOnADryRun() throws Exception {
        // Given
        commit(Map.of(partition(0), 8L, partition(1), 8L));

        // When
        final int exitCode = jobqueue("replay", "--config", config(), "--dc", eqiad, "--from", at(5), "--dry-run");

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .contains("total: 2 partitions, 6 records to re-read")
                .contains("dry run");
        assertThat(committed()).containsEntry(partition(0), 8L).containsEntry(partition(1), 8L);
        assertThat(admin.listTopics().names().get()).doesNotContain(eqiad + ".jobqueue.results");
    }

    @Test
    void shouldRefuseWhileTheApplicationHasLiveMembers() throws Exception {
        // Given: an instance of the application is running
        commit(Map.of(partition(0), 8L, partition(1), 8L));
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        applicationId,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "codfw-instance-1"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            member.subscribe(List.of(jobTopic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });

            // When
            final int exitCode = jobqueue("replay", "--config", config(), "--dc", eqiad, "--from", at(5));

            // Then: it names the member and moves nothing
            assertThat(exitCode).isEqualTo(ExitCode.SOFTWARE);
            assertThat(err.toString()).contains("live member").contains("codfw-instance-1");
            assertThat(committed()).containsEntry(partition(0), 8L).containsEntry(partition(1), 8L);
        }
    }

    @Test
    void shouldRefuseADataCentreThatTheConfigurationDoesNotConsume() throws Exception {
        final int exitCode = jobqueue("replay", "--config", config(), "--dc", "esams", "--from", at(5));

        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'esams' is not in consume_dcs");
    }

    private TopicPartition partition(final int partition) {
        return new TopicPartition(jobTopic, partition);
    }

    private static String at(final int seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    private void commit(final Map<TopicPartition, Long> offsets) throws Exception {
        admin.alterConsumerGroupOffsets(
                        applicationId,
                        offsets.entrySet().stream()
                                .collect(Collectors.toMap(
                                        Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue()))))
                .all()
                .get();
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(final String topic, final int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            return records;
        }
    }

    private int jobqueue(final String... args) {
        return JobQueueCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private String config() throws IOException {
        return Files.writeString(
                        dir.resolve("codfw.yaml"),
                        "dc: codfw\n"
                                + "consume_dcs: [codfw, " + eqiad + "]\n"
                                + "application_id: " + applicationId + "\n"
                                + "kafka:\n"
                                + "  bootstrap.servers: \"" + cluster.bootstrapServers() + "\"\n"
                                + "topics: {partitions: 3, replication_factor: 1}\n")
                .toString();
    }
}
