package org.jobqueue.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** The announced instances, read from a real broker. */
class InstancesTest {
    private static KafkaClusterTestKit cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = OneNodeCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void shouldListTheLiveInstancesNewestFirst() throws Exception {
        // Given two live announcements, one older re-announced, and one that stopped cleanly
        final String topic = "eqiad.jobqueue.instances";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "a:1", announcement("http://a:8080", "2026-12-02T19:00:00Z")));
            producer.send(new ProducerRecord<>(topic, "b:1", announcement("http://b:8080", "2026-12-02T20:00:00Z")));
            producer.send(new ProducerRecord<>(topic, "a:1", announcement("http://a:9090", "2026-12-02T19:30:00Z")));
            producer.send(new ProducerRecord<>(topic, "c:1", announcement("http://c:8080", "2026-12-02T21:00:00Z")));
            producer.send(new ProducerRecord<>(topic, "c:1", null));
        }
        final Path config = Files.writeString(
                dir.resolve("eqiad.yaml"),
                "dc: eqiad\nkafka:\n  bootstrap.servers: \"" + cluster.bootstrapServers() + "\"\n");

        // When
        final List<URI> addresses = new Instances(ConfigLoader.load(config)).adminAddresses();

        // Then
        assertThat(addresses).containsExactly(URI.create("http://b:8080"), URI.create("http://a:9090"));
    }

    @Test
    void shouldExitOneWhenNoInstanceIsAnnounced() throws Exception {
        // Given a DC whose instances topic holds nothing
        final Path config = Files.writeString(
                dir.resolve("codfw.yaml"),
                "dc: codfw\nkafka:\n  bootstrap.servers: \"" + cluster.bootstrapServers() + "\"\n");
        final StringWriter err = new StringWriter();

        // When
        final int exitCode = JobQueueCommand.commandLine()
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true))
                .execute("queue", "--config", config.toString());

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.SOFTWARE);
        assertThat(err.toString().strip())
                .isEqualTo("jobqueue: no jobqueue instance is announced on codfw.jobqueue.instances; is 'jobqueue run'"
                        + " started with --admin-port?");
    }

    private static String announcement(final String admin, final String startedAt) {
        return "{\"admin\":\"" + admin + "\",\"application_id\":\"jobqueue-eqiad\",\"started_at\":\"" + startedAt
                + "\"}";
    }
}
