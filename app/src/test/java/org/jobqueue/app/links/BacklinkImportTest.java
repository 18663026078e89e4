package org.jobqueue.app.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BacklinkImportTest {
    private static final String TOPIC = "test.jobqueue.links";
    private static final LinkChangeParser PARSER = new LinkChangeParser();

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<String> warnings = new ArrayList<>();

    @Test
    void shouldSendOneChangePerBacklinkKeyedByItsTarget() {
        // Given
        final String file = String.join(
                "\n",
                "# database\ttable\ttarget ns\ttarget title\tpage id\tns\ttitle",
                "enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tAda Lovelace",
                "",
                "enwiki\ttemplatelinks\t10\tInfobox\t2\t0\tAlan_Turing",
                "dewiki\ttemplatelinks\t10\tInfobox Stadt\t3\t0\tZürich");

        // When
        final BacklinkImport.Result result = importing(true, false).run(stream(file), "links.tsv");

        // Then
        assertThat(result.lines()).isEqualTo(5);
        assertThat(result.backlinks()).isEqualTo(3);
        assertThat(result.badLines()).isZero();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(TOPIC);
        assertThat(producer.history())
                .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactly(
                        "enwiki|templatelinks|10|Infobox",
                        "enwiki|templatelinks|10|Infobox",
                        "dewiki|templatelinks|10|Infobox_Stadt");
        assertThat(changes())
                .containsExactly(
                        new LinkChange("enwiki", "templatelinks", 10, "Infobox", 1L, 0, "Ada_Lovelace", true),
                        new LinkChange("enwiki", "templatelinks", 10, "Infobox", 2L, 0, "Alan_Turing", true),
                        new LinkChange("dewiki", "templatelinks", 10, "Infobox_Stadt", 3L, 0, "Zürich", true));
    }

    @Test
    void shouldSendRemovalsWhenAskedTo() {
        // When
        importing(false, false).run(stream("enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tFoo\n"), "links.tsv");

        // Then
        assertThat(changes()).extracting(LinkChange::getAdd).containsExactly(false);
    }

    @Test
    void shouldStopAtABadLineNamingItAndFlushWhatCameBefore() {
        // Given
        final String file = "enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tFoo\n"
                + "enwiki\ttemplatelinks\t10\tInfobox\t2\t0\tBar\n"
                + "enwiki\ttemplatelinks\t10\tInfobox\tnot-a-number\t0\tBaz\n"
                + "enwiki\ttemplatelinks\t10\tInfobox\t4\t0\tQux\n";

        // When, Then
        assertThatThrownBy(() -> importing(true, false).run(stream(file), "links.tsv"))
                .isInstanceOf(LinkImportException.class)
                .hasMessageStartingWith("links.tsv:3: source page id 'not-a-number' is not a whole number. The 2"
                        + " backlinks before it were imported;")
                .hasMessageContaining("--skip-bad-lines");
        assertThat(producer.history()).hasSize(2);
        assertThat(producer.completeNext()).isFalse();
    }

    @Test
    void shouldCountAndSkipBadLinesWhenAskedToListingTheFirstTen() {
        // Given 12 bad lines among 3 good ones
        final StringBuilder file = new StringBuilder("enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tFoo\n");
        for (int i = 0; i < 12; i++) file.append("enwiki\ttemplatelinks\t10\n");
        file.append("enwiki\ttemplatelinks\t10\tInfobox\t2\t0\tBar\n")
                .append("x".repeat(BacklinkImport.MAX_LINE_BYTES + 1))
                .append("\nenwiki\ttemplatelinks\t10\tInfobox\t3\t0\tBaz\n");

        // When
        final BacklinkImport.Result result = importing(true, true).run(stream(file.toString()), "links.tsv");

        // Then
        assertThat(result.backlinks()).isEqualTo(3);
        assertThat(result.badLines()).isEqualTo(13);
        assertThat(warnings).hasSize(BacklinkImport.REPORTED_BAD_LINES);
        assertThat(warnings.get(0))
                .startsWith("links.tsv:2: expected 7 tab-separated columns")
                .endsWith("(skipped)");
    }

    @Test
    void shouldReportALineThatIsTooLong() {
        // Given
        final String file = "x".repeat(BacklinkImport.MAX_LINE_BYTES + 1) + "\n";

        // When, Then
        assertThatThrownBy(() -> importing(true, false).run(stream(file), "links.tsv"))
                .hasMessageStartingWith("links.tsv:1: longer than 65536 bytes.");
    }

    @Test
    void shouldStopWhenASendFails() {
        // Given a broker that rejects every change
        final LinkImporter importer = new LinkImporter(new FailingProducer(), TOPIC);
        final BacklinkImport backlinks =
                new BacklinkImport(importer, new BacklinkTsv(true), false, warnings::add, Clock.systemUTC());
        final String file =
                "enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tFoo\n" + "enwiki\ttemplatelinks\t10\tInfobox\t2\t0\tBar\n";

        // When, Then
        assertThatThrownBy(() -> backlinks.run(stream(file), "links.tsv"))
                .isInstanceOf(LinkImportException.class)
                .hasMessage("sending to test.jobqueue.links failed after 0 acknowledged changes:"
                        + " org.apache.kafka.common.errors.NotEnoughReplicasException: no replicas");
    }

    @Test
    @Timeout(120)
    void shouldStreamAMillionLines() {
        // Given a million backlinks, generated as they are read, and a producer that only counts
        final CountingProducer counting = new CountingProducer();
        final long lines = 1_000_000;
        final LinkImporter importer = new LinkImporter(counting, TOPIC);
        final BacklinkImport backlinks =
                new BacklinkImport(importer, new BacklinkTsv(true), false, warnings::add, Clock.systemUTC());

        // When
        final BacklinkImport.Result result = backlinks.run(new GeneratedLines(lines), "generated.tsv");

        // Then
        assertThat(result.lines()).isEqualTo(lines);
        assertThat(result.backlinks()).isEqualTo(lines);
        assertThat(counting.count.get()).isEqualTo(lines);
        assertThat(backlinks.progress(0).linesRead()).isEqualTo(lines);
    }

    private BacklinkImport importing(final boolean add, final boolean skipBadLines) {
        final LinkImporter importer = new LinkImporter(producer, TOPIC);
        // MockProducer completes sends only on flush (or by hand), like a producer that lingers.
        return new BacklinkImport(importer, new BacklinkTsv(add), skipBadLines, warnings::add, Clock.systemUTC());
    }

    private List<LinkChange> changes() {
        return producer.history().stream()
                .map(record -> ((LinkChangeParser.Valid) PARSER.parse(record.value())).change())
                .toList();
    }

    private static InputStream stream(final String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Acknowledges every send at once and keeps nothing. */
    private static final class CountingProducer extends MockProducer<byte[], byte[]> {
        final AtomicLong count = new AtomicLong();

        CountingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(
                final ProducerRecord<byte[], byte[]> record, final Callback callback) {
            final RecordMetadata metadata =
                    new RecordMetadata(new TopicPartition(record.topic(), 0), count.getAndIncrement(), 0, 0L, 0, 0);
            callback.onCompletion(metadata, null);
            return CompletableFuture.completedFuture(metadata);
        }
    }

    /** Fails every send, as a producer does once the cluster rejects a batch. */
    private static final class FailingProducer extends MockProducer<byte[], byte[]> {
        FailingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(
                final ProducerRecord<byte[], byte[]> record, final Callback callback) {
            final NotEnoughReplicasException error = new NotEnoughReplicasException("no replicas");
            callback.onCompletion(null, error);
            return CompletableFuture.failedFuture(error);
        }
    }

    /** {@code lines} backlink lines, made as they are read, so the test holds none of them. */
    private static final class GeneratedLines extends InputStream {
        private final long lines;
        private long next;
        private byte[] current = new byte[0];
        private int position;

        GeneratedLines(final long lines) {
            this.lines = lines;
        }

        @Override
        public int read() {
            if (position == current.length) {
                if (next == lines) return -1;
                next++;
                current = ("enwiki\ttemplatelinks\t10\tInfobox\t" + next + "\t0\tPage " + next + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return current[position++] & 0xFF;
        }

        @Override
        public int read(final byte[] into, final int offset, final int length) {
            int count = 0;
            while (count < length) {
                final int b = read();
                if (b < 0) return count == 0 ? -1 : count;
                into[offset + count++] = (byte) b;
            }
            return count;
        }
    }
}
