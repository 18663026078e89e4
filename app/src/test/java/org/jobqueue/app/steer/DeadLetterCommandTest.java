package org.jobqueue.app.steer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.AttemptOutcome;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.testing.JobEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** {@code jobqueue dead-letter list} and {@code retry} against a real broker. */
@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeadLetterCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static SteerCommandLine jobqueue;

    @TempDir
    Path dir;

    private String dc;
    private String config;
    private final Instant now = Instant.now();
    private final JobEvents oldRefresh =
            JobEvents.job("refreshLinks").database("enwiki").id("old-refresh");
    private final JobEvents newRefresh =
            JobEvents.job("refreshLinks").database("dewiki").id("new-refresh").sha1("abc123");
    private final JobEvents purge = JobEvents.job("cdnPurge").database("enwiki").id("purge");

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

    /** Each test its own DC with three dead letters: refreshLinks 3 h and 10 min ago, cdnPurge 5 min ago. */
    @BeforeEach
    void deadLetters() throws Exception {
        dc = "dc" + UUID.randomUUID().toString().substring(0, 8);
        config = jobqueue.config(dir, dc);
        try (KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(),
                JobSerdes.deadLetter().serializer())) {
            for (final DeadLetter letter : List.of(
                    deadLetter(oldRefresh, Duration.ofHours(3)),
                    deadLetter(newRefresh, Duration.ofMinutes(10)),
                    deadLetter(purge, Duration.ofMinutes(5)))) {
                producer.send(new ProducerRecord<>(dc + ".jobqueue.dead-letter", letter.getJobKey(), letter))
                        .get();
            }
        }
    }

    @Test
    void shouldListTheDeadLettersOfATypeSinceATime() {
        // When
        final int exitCode =
                jobqueue.run("dead-letter", "list", "--config", config, "--type", "refreshLinks", "--since", "1h");

        // Then: only the refreshLinks job that died 10 minutes ago
        assertThat(exitCode).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out().lines().toList())
                .hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0))
                        .isEqualTo(at(Duration.ofMinutes(10))
                                + "  refreshLinks  dewiki  new-refresh  fatal: HTTP 404  attempts=4"))
                .satisfies(lines -> assertThat(lines.get(1))
                        .startsWith("1 dead letter of type refreshLinks dead since ")
                        .endsWith("Z"));

        // When: all of them, the newest two
        jobqueue.run("dead-letter", "list", "--config", config, "--limit", "2");

        // Then: oldest first
        assertThat(jobqueue.out().lines().toList())
                .hasSize(3)
                .satisfies(lines -> assertThat(lines.get(0)).contains("new-refresh"))
                .satisfies(lines -> assertThat(lines.get(1)).contains("purge"))
                .satisfies(lines -> assertThat(lines.get(2))
                        .isEqualTo("the newest 2 of 3 dead letters (raise --limit to see more)"));
    }

    @Test
    void shouldListDeadLettersAsJsonLinesWithTheCountOnStderr() throws Exception {
        // When
        final int exitCode = jobqueue.run("dead-letter", "list", "--config", config, "--json");

        // Then
        assertThat(exitCode).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        final List<String> lines = jobqueue.out().lines().toList();
        assertThat(lines).hasSize(3);
        final JsonNode oldest = JSON.readTree(lines.get(0));
        assertThat(oldest.path("event_id").asText()).isEqualTo("old-refresh");
        assertThat(oldest.path("event").path("meta").path("id").asText()).isEqualTo("old-refresh");
        assertThat(oldest.path("attempts")).hasSize(3);
        assertThat(jobqueue.err()).isEqualTo("3 dead letters" + System.lineSeparator());
    }

    @Test
    void shouldReEnqueueTheSelectedJobsWithNewIdsThatASecondRetryRepeats() throws Exception {
        // Given MediaWiki's job topics
        final String refreshLinksTopic = dc + ".mediawiki.job.refreshLinks";
        admin.createTopics(List.of(
                        new NewTopic(refreshLinksTopic, 2, (short) 1),
                        new NewTopic(dc + ".mediawiki.job.cdnPurge", 1, (short) 1)))
                .all()
                .get();

        // When: a dry run
        assertThat(jobqueue.run(
                        "dead-letter",
                        "retry",
                        "--config",
                        config,
                        "--type",
                        "refreshLinks",
                        "--since",
                        "1h",
                        "--dry-run"))
                .as(jobqueue.err())
                .isEqualTo(ExitCode.OK);

        // Then: it lists the job and writes nothing
        final String newId = RetriedEvent.idOf(deadLetter(newRefresh, Duration.ofMinutes(10)));
        assertThat(jobqueue.out())
                .startsWith("would re-enqueue new-refresh as " + newId + " to " + refreshLinksTopic + " (dewiki,")
                .endsWith("dry run: would re-enqueue 1 dead-lettered job, wrote nothing" + System.lineSeparator());
        assertThat(jobqueue.readAll(refreshLinksTopic)).isEmpty();

        // When: retried
        final Instant before = Instant.now();
        final int exitCode =
                jobqueue.run("dead-letter", "retry", "--config", config, "--type", "refreshLinks", "--since", "1h");

        // Then: the job is back on its topic, under a new id, with the original one, created now
        assertThat(exitCode).as(jobqueue.err()).isEqualTo(ExitCode.OK);
        assertThat(jobqueue.out())
                .startsWith("re-enqueued new-refresh as " + newId + " to " + refreshLinksTopic)
                .endsWith("re-enqueued 1 dead-lettered job" + System.lineSeparator());
        final List<ConsumerRecord<byte[], byte[]>> retried = jobqueue.readAll(refreshLinksTopic);
        assertThat(retried).hasSize(1);
        final JsonNode event = JSON.readTree(retried.get(0).value());
        assertThat(event.path("meta").path("id").asText()).isEqualTo(newId);
        assertThat(event.path("meta").path("retry_of").asText()).isEqualTo("new-refresh");
        assertThat(Instant.parse(event.path("meta").path("dt").asText()))
                .isBetween(before.minusMillis(1), Instant.now());
        assertThat(event.path("database").asText()).isEqualTo("dewiki");
        assertThat(new String(retried.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(newRefresh.jobKey());

        // When: the same retry again, Then: the same id, which the queue's event-id dedup absorbs
        jobqueue.run("dead-letter", "retry", "--config", config, "--type", "refreshLinks", "--since", "1h");
        assertThat(jobqueue.readAll(refreshLinksTopic))
                .hasSize(2)
                .allSatisfy(record -> assertThat(JSON.readTree(record.value())
                                .path("meta")
                                .path("id")
                                .asText())
                        .isEqualTo(newId));

        // When: one job by its job key
        assertThat(jobqueue.run("dead-letter", "retry", "--config", config, "--id", purge.jobKey()))
                .as(jobqueue.err())
                .isEqualTo(ExitCode.OK);

        // Then
        assertThat(jobqueue.readAll(dc + ".mediawiki.job.cdnPurge"))
                .singleElement()
                .satisfies(record -> assertThat(JSON.readTree(record.value())
                                .path("meta")
                                .path("retry_of")
                                .asText())
                        .isEqualTo("purge"));
    }

    @Test
    void shouldSayWhenNoDeadLetterHasTheIdAndWhenAJobTopicIsMissing() {
        assertThat(jobqueue.run("dead-letter", "retry", "--config", config, "--id", "no-such-id"))
                .isEqualTo(ExitCode.SOFTWARE);
        assertThat(jobqueue.err())
                .isEqualTo("jobqueue: no dead letter with event id or job key no-such-id in " + dc
                        + ".jobqueue.dead-letter" + System.lineSeparator());

        assertThat(jobqueue.run("dead-letter", "retry", "--config", config, "--id", "old-refresh"))
                .isEqualTo(ExitCode.SOFTWARE);
        assertThat(jobqueue.err())
                .isEqualTo("jobqueue: no such job topic: " + dc + ".mediawiki.job.refreshLinks (MediaWiki's EventBus"
                        + " creates them; nothing was re-enqueued)" + System.lineSeparator());
    }

    private String at(final Duration ago) {
        return Instant.ofEpochMilli(now.minus(ago).toEpochMilli()).toString();
    }

    private DeadLetter deadLetter(final JobEvents event, final Duration ago) {
        final long deadAt = now.minus(ago).toEpochMilli();
        return DeadLetter.newBuilder()
                .setJobKey(event.jobKey())
                .setEventId(event.eventId())
                .setDatabase(event.json().contains("dewiki") ? "dewiki" : "enwiki")
                .setType(event.type())
                .setReason("fatal: HTTP 404")
                .setDeadAt(deadAt)
                .setAttempts(List.of(attempt(1, deadAt), attempt(2, deadAt), attempt(3, deadAt)))
                .setAttemptsNotKept(1)
                .setEvent(event.json())
                .build();
    }

    private static Attempt attempt(final int number, final long at) {
        return Attempt.newBuilder()
                .setAttempt(number)
                .setCommandId("command-" + number)
                .setReleasedAt(at - 1000)
                .setOutcome(AttemptOutcome.fatal)
                .setHttpStatus(404)
                .build();
    }
}
