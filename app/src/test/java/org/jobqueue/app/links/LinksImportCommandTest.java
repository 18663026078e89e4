package org.jobqueue.app.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;

@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LinksImportCommandTest {
    private static final LinkChangeParser PARSER = new LinkChangeParser();
    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = OneNodeCluster.start();
        admin = cluster.admin();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        cluster.close();
    }

    @Test
    void shouldImportEveryBacklinkAsAnAddChangeKeyedByItsTarget() throws Exception {
        // Given a file with a comment, a blank line and UTF-8 titles, and no links topic yet
        final Path file = write(
                "links.tsv",
                "# database\ttable\ttarget ns\ttarget title\tsource page id\tsource ns\tsource title",
                "enwiki\ttemplatelinks\t10\tInfobox\t101\t0\tAda Lovelace",
                "enwiki\ttemplatelinks\t10\tInfobox\t102\t0\tAlan_Turing",
                "",
                "dewiki\ttemplatelinks\t10\tInfobox Stadt\t7\t0\tZürich",
                "jawiki\tpagelinks\t0\t東京\t8\t0\t日本");

        // When
        final int exitCode = jobqueue("links", "import", "--config", config("imported"), "--file", file.toString());

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).matches("(?s)imported 4 backlinks in \\d+\\.\\d s \\(\\d+/s\\)\\R");
        final List<ConsumerRecord<byte[], byte[]>> records = readAll("imported.jobqueue.links", 4);
        assertThat(records)
                .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(
                        "enwiki|templatelinks|10|Infobox",
                        "enwiki|templatelinks|10|Infobox",
                        "dewiki|templatelinks|10|Infobox_Stadt",
                        "jawiki|pagelinks|0|東京");
        assertThat(records.stream().map(LinksImportCommandTest::change).toList())
                .containsExactlyInAnyOrder(
                        new LinkChange("enwiki", "templatelinks", 10, "Infobox", 101L, 0, "Ada_Lovelace", true),
                        new LinkChange("enwiki", "templatelinks", 10, "Infobox", 102L, 0, "Alan_Turing", true),
                        new LinkChange("dewiki", "templatelinks", 10, "Infobox_Stadt", 7L, 0, "Zürich", true),
                        new LinkChange("jawiki", "pagelinks", 0, "東京", 8L, 0, "日本", true));
        final List<ConsumerRecord<byte[], byte[]>> infobox = records.stream()
                .filter(record -> change(record).getTargetTitle().equals("Infobox"))
                .toList();
        assertThat(infobox)
                .extracting(ConsumerRecord::partition)
                .containsOnly(infobox.get(0).partition());
        assertThat(infobox)
                .extracting(record -> change(record).getSourcePageId())
                .containsExactly(101L, 102L);
        assertThat(partitions("imported.jobqueue.links")).isEqualTo(3);
    }

    @Test
    void shouldWriteRemoveChangesWithOpRemove() throws Exception {
        // Given
        final Path file = write("gone.tsv", "enwiki\ttemplatelinks\t10\tInfobox\t101\t0\tAda_Lovelace");

        // When
        final int exitCode =
                jobqueue("links", "import", "--config", config("removed"), "--file", file.toString(), "--op", "remove");

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).startsWith("imported 1 backlink removals in ");
        assertThat(change(readAll("removed.jobqueue.links", 1).get(0)).getAdd()).isFalse();
    }

    @Test
    void shouldStopAtABadLineNamingIt() throws Exception {
        // Given
        final Path file = write(
                "bad.tsv",
                "enwiki\ttemplatelinks\t10\tInfobox\t101\t0\tAda_Lovelace",
                "enwiki\ttemplatelinks\t10\tInfobox\t102\t0");

        // When
        final int exitCode = jobqueue("links", "import", "--config", config("stopped"), "--file", file.toString());

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.SOFTWARE);
        assertThat(err.toString())
                .contains("jobqueue: " + file + ":2: expected 7 tab-separated columns")
                .contains("found 6. The 1 backlinks before it were imported");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldSkipBadLinesWhenAskedTo() throws Exception {
        // Given
        final Path file = write(
                "bad.tsv",
                "enwiki\ttemplatelinks\t10\tInfobox\t101\t0\tAda_Lovelace",
                "enwiki\ttemplatelinks\t10\tInfobox\tone hundred and two\t0\tAlan_Turing",
                "enwiki\ttemplatelinks\t10\tInfobox\t103\t0\tGrace_Hopper");

        // When
        final int exitCode = jobqueue(
                "links", "import", "--config", config("skipped"), "--file", file.toString(), "--skip-bad-lines");

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(err.toString())
                .contains(file + ":2: source page id 'one hundred and two' is not a whole number" + " (skipped)");
        assertThat(out.toString()).startsWith("skipped 1 bad line" + System.lineSeparator() + "imported 2 backlinks");
        assertThat(readAll("skipped.jobqueue.links", 2)).hasSize(2);
    }

    @Test
    void shouldRefuseAMissingFileAsAUsageError() throws Exception {
        // When
        final int exitCode = jobqueue(
                "links",
                "import",
                "--config",
                config("missing"),
                "--file",
                dir.resolve("nowhere.tsv").toString());

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("nowhere.tsv: no such file");
    }

    @Test
    void shouldRefuseABadConfigurationAsRunDoes() throws Exception {
        // Given
        final Path config = Files.writeString(dir.resolve("bad.yaml"), "dc: bad\ntopics: {partitons: 3}\n");
        final Path file = write("links.tsv", "enwiki\ttemplatelinks\t10\tInfobox\t101\t0\tAda_Lovelace");

        // When
        final int exitCode = jobqueue("links", "import", "--config", config.toString(), "--file", file.toString());

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("jobqueue: " + config + ": unknown key 'topics.partitons'");
    }

    private int jobqueue(final String... args) {
        final CommandLine command =
                JobQueueCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private String config(final String dc) throws IOException {
        return Files.writeString(
                        dir.resolve(dc + ".yaml"),
                        "dc: " + dc + "\n"
                                + "kafka:\n"
                                + "  bootstrap.servers: \"" + cluster.bootstrapServers() + "\"\n"
                                + "topics: {partitions: 3, replication_factor: 1}\n")
                .toString();
    }

    private Path write(final String name, final String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static LinkChange change(final ConsumerRecord<byte[], byte[]> record) {
        final LinkChangeParser.Result parsed = PARSER.parse(record.value());
        assertThat(parsed).isInstanceOf(LinkChangeParser.Valid.class);
        return ((LinkChangeParser.Valid) parsed).change();
    }

    private static int partitions(final String topic) throws Exception {
        final TopicDescription description =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().size();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(final String topic, final int expected) {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // No consumer group (the one-node cluster cannot create the offsets topic): every partition from its start.
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }
}
