package org.jobqueue.app.steer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.JobSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** {@code jobqueue pause}, {@code resume}, {@code drop} and {@code control} against a real broker. */
@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ControlCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static SteerCommandLine jobqueue;

    @TempDir
    Path dir;

    private String config;
    private String controlTopic;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = OneNodeCluster.start();
        admin = cluster.admin();
        jobqueue = new SteerCommandLine(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        cluster.close();
    }

    /** Each test its own DC, so its own control topic. */
    @BeforeEach
    void newDataCentre() throws Exception {
        final String dc = "dc" + UUID.randomUUID().toString().substring(0, 8);
        config = jobqueue.config(dir, dc);
        controlTopic = dc + ".jobqueue.control";
    }

    @Test
    void shouldWriteAPauseThatControlListsAndThenTheTombstoneOfResume() throws Exception {
        // Given
        final Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

        // When: paused until two hours from now
        final int paused = jobqueue.run(
                "pause", "--config", config, "--type", "refreshLinks", "--database", "enwiki", "--until", "2h");

        // Then: one line says so, and the rule is in the compacted control topic under its key
        assertThat(paused).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out()).matches("paused type=refreshLinks database=enwiki \\(until \\S+Z\\)\\R");
        final ControlRule rule = rule(control().get(0));
        assertThat(new String(control().get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo("pause type=refreshLinks database=enwiki");
        assertThat(rule.getAction()).isEqualTo(ControlAction.pause);
        assertThat(rule.getType()).isEqualTo("refreshLinks");
        assertThat(rule.getDatabase()).isEqualTo("enwiki");
        assertThat(rule.getLane()).isNull();
        assertThat(Instant.ofEpochMilli(rule.getUntil())).isBetween(until.minusSeconds(5), until.plusSeconds(5));
        assertThat(rule.getCreatedBy()).isEqualTo(Operator.current()).contains("@");
        assertThat(cleanupPolicy()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);

        // When: listed
        assertThat(jobqueue.run("control", "--config", config)).isEqualTo(ExitCode.OK);

        // Then
        assertThat(jobqueue.out())
                .matches("pause type=refreshLinks database=enwiki until=\\S+Z created_by=\\S+@\\S+"
                        + " created_at=\\S+Z\\R1 rule\\R");

        // When: resumed
        final int resumed =
                jobqueue.run("resume", "--config", config, "--type", "refreshLinks", "--database", "enwiki");

        // Then: a tombstone under the same key, and no rule left
        assertThat(resumed).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out()).isEqualTo("resumed type=refreshLinks database=enwiki" + System.lineSeparator());
        assertThat(control()).hasSize(2);
        assertThat(control().get(1).key()).isEqualTo(control().get(0).key());
        assertThat(control().get(1).value()).isNull();
        jobqueue.run("control", "--config", config);
        assertThat(jobqueue.out()).isEqualTo("0 rules" + System.lineSeparator());

        // When: resumed again, Then: it says there is nothing to resume and writes nothing
        assertThat(jobqueue.run("resume", "--config", config, "--type", "refreshLinks", "--database", "enwiki"))
                .isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out())
                .isEqualTo("nothing to resume: no pause of type=refreshLinks database=enwiki (no pauses in force)"
                        + System.lineSeparator());
        assertThat(control()).hasSize(2);
    }

    @Test
    void shouldTalkToTheClusterOfBootstrapServerRatherThanTheConfigs() throws Exception {
        // Given a configuration whose bootstrap.servers has no broker
        final String dc = "dc" + UUID.randomUUID().toString().substring(0, 8);
        final String elsewhere = new SteerCommandLine("127.0.0.1:1").config(dir, dc);
        controlTopic = dc + ".jobqueue.control";

        // When paused and listed with --bootstrap-server naming the broker
        final int paused = jobqueue.run(
                "pause", "--config", elsewhere, "--bootstrap-server", cluster.bootstrapServers(), "--lane", "low");
        final int listed =
                jobqueue.run("control", "--config", elsewhere, "--bootstrap-server", cluster.bootstrapServers());

        // Then both reached the broker
        assertThat(paused).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(listed).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out()).startsWith("pause lane=low ").endsWith("1 rule" + System.lineSeparator());
        assertThat(control()).hasSize(1);
    }

    @Test
    void shouldWriteNothingOnADryRun() throws Exception {
        // When
        final int exitCode = jobqueue.run("pause", "--config", config, "--lane", "low", "--dry-run");

        // Then
        assertThat(exitCode).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out()).isEqualTo("dry run: would pause lane=low (until resumed)" + System.lineSeparator());
        assertThat(admin.listTopics().names().get()).doesNotContain(controlTopic);

        // Given a pause, When a dry run of resume, Then the pause stays
        jobqueue.run("pause", "--config", config, "--lane", "low");
        assertThat(jobqueue.out()).isEqualTo("paused lane=low (until resumed)" + System.lineSeparator());
        assertThat(jobqueue.run("resume", "--config", config, "--lane", "low", "--dry-run"))
                .isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out()).isEqualTo("dry run: would resume lane=low" + System.lineSeparator());
        assertThat(control()).hasSize(1);
    }

    @Test
    void shouldWriteADropRuleWithItsEndAndPurgeAndRemoveIt() throws Exception {
        // When
        final int exitCode = jobqueue.run(
                "drop", "--config", config, "--type", "floodJob", "--until", "2099-01-01T00:00:00Z", "--purge");

        // Then
        assertThat(exitCode).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out())
                .isEqualTo("dropping type=floodJob, and purging those waiting (until 2099-01-01T00:00:00Z)"
                        + System.lineSeparator());
        final ControlRule rule = rule(control().get(0));
        assertThat(rule.getAction()).isEqualTo(ControlAction.drop);
        assertThat(rule.getPurge()).isTrue();
        assertThat(rule.getUntil())
                .isEqualTo(Instant.parse("2099-01-01T00:00:00Z").toEpochMilli());

        // When: listed as JSON
        jobqueue.run("control", "--config", config, "--json");

        // Then
        final JsonNode listed = JSON.readTree(jobqueue.out());
        assertThat(listed.path("key").asText()).isEqualTo("drop type=floodJob");
        assertThat(listed.path("purge").asBoolean()).isTrue();
        assertThat(listed.path("until").asText()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(listed.path("database").isNull()).isTrue();
        assertThat(listed.path("expired").asBoolean()).isFalse();
        assertThat(jobqueue.err()).isEqualTo("1 rule" + System.lineSeparator());

        // When: written again without --purge, Then it replaces the rule
        jobqueue.run("drop", "--config", config, "--type", "floodJob");
        assertThat(jobqueue.out())
                .isEqualTo("dropping type=floodJob (until removed), replacing the drop with purge until"
                        + " 2099-01-01T00:00:00Z set by " + Operator.current() + System.lineSeparator());

        // When: removed
        assertThat(jobqueue.run("drop", "--config", config, "--type", "floodJob", "--remove"))
                .isEqualTo(ExitCode.OK);

        // Then
        assertThat(jobqueue.out()).isEqualTo("no longer dropping type=floodJob" + System.lineSeparator());
        assertThat(control()).hasSize(3);
        assertThat(control().get(2).value()).isNull();
    }

    private List<ConsumerRecord<byte[], byte[]>> control() {
        return jobqueue.readAll(controlTopic);
    }

    private ControlRule rule(final ConsumerRecord<byte[], byte[]> record) {
        return JobSerdes.controlRule().deserializer().deserialize(controlTopic, record.value());
    }

    private String cleanupPolicy() throws Exception {
        final ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, controlTopic);
        final Config configs = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        return configs.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
}
