package org.jobqueue.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.RootMark;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private final AvroSerde<RootMark> serde = AvroSerde.of(RootMark.getClassSchema());

    @Test
    void shouldReadBackWhatItWrote() {
        // Given
        final RootMark mark = new RootMark(1_000L, 2_000L);
        // When
        final RootMark read = serde.decode(serde.encode(mark));
        // Then
        assertThat(read).isEqualTo(mark);
    }

    @Test
    void shouldReadARecordWrittenWithAnOlderVersionOfItsSchema() throws IOException {
        // Given: a record written by an earlier release, with the v0 schema kept under avro/history/RootMark/
        final Schema v0 = olderSchema();
        final GenericRecord old = new GenericData.Record(v0);
        old.put("dt", 1_000L);
        old.put("seenAt", 2_000L);
        old.put("sourceTopic", "eqiad.mediawiki.job.refreshLinks");
        final ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old);
        // When
        final RootMark read = serde.decode(bytes(written));
        // Then
        assertThat(read).isEqualTo(new RootMark(1_000L, 2_000L));
    }

    @Test
    void shouldReadAWaitingJobStoredBeforeAttemptsWereCapped() throws IOException {
        // Given: a queue-waiting value written before attemptsNotKept existed, with the schema kept in the main jar
        final Schema v0;
        try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/avro/history/QueuedJob/QueuedJob-v0.avsc")) {
            v0 = new Schema.Parser().parse(in);
        }
        final QueuedJob current = new QueuedJob(
                Job.newBuilder()
                        .setJobKey("enwiki|id|e1")
                        .setEventId("e1")
                        .setDatabase("enwiki")
                        .setType("refreshLinks")
                        .setCreatedAt(1_000L)
                        .setWorkItems(1)
                        .setSourceTopic("eqiad.mediawiki.job.refreshLinks")
                        .setEvent("{}")
                        .build(),
                Priority.low,
                2,
                List.of(),
                0,
                1_000L,
                null,
                null);
        final GenericRecord old = toGeneric(current, v0);
        final ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old);

        // When
        final QueuedJob read = JobSerdes.queuedJob().decode(bytes(written));

        // Then
        assertThat(read.getAttempt()).isEqualTo(2);
        assertThat(read.getAttemptsNotKept()).isZero();
        assertThat(read.getJob().getEventId()).isEqualTo("e1");
    }

    /** {@code record} as a generic record of {@code schema}: its fields that {@code schema} has, by name. */
    private static GenericRecord toGeneric(final QueuedJob record, final Schema schema) throws IOException {
        // Single-object encoding: a 2-byte marker and an 8-byte fingerprint, then the datum.
        final byte[] bytes = JobSerdes.queuedJob().encode(record);
        final org.apache.avro.io.BinaryDecoder decoder =
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null);
        return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(QueuedJob.getClassSchema(), schema)
                .read(null, decoder);
    }

    @Test
    void shouldRejectBytesOfAnUnknownSchemaWithAClearError() {
        assertThatThrownBy(() -> serde.decode(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode");
    }

    private static Schema olderSchema() throws IOException {
        try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/avro/history/RootMark/RootMark-v0.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
