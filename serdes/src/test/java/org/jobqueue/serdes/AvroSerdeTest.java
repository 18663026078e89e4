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
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
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
                null,
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

    @Test
    void shouldReadTheLaneOfACommandAndARuleWrittenBeforeLanesHadNames() throws IOException {
        // Given: a command and a control rule written with the schemas whose lane was the enum priority
        final Schema commandV0 = history("JobCommand/JobCommand-v0.avsc");
        final GenericRecord command = new GenericData.Record(commandV0);
        command.put("commandId", "e1/1");
        command.put("jobKey", "enwiki|id|e1");
        command.put("eventId", "e1");
        command.put("database", "enwiki");
        command.put("type", "refreshLinks");
        command.put(
                "priority",
                new GenericData.EnumSymbol(commandV0.getField("priority").schema(), "low"));
        command.put("attempt", 1);
        command.put("releasedAt", 1_000L);
        command.put("claimExpiresAt", 2_000L);
        command.put("event", "{}");
        final Schema ruleV0 = history("ControlRule/ControlRule-v0.avsc");
        final GenericRecord rule = new GenericData.Record(ruleV0);
        rule.put("action", new GenericData.EnumSymbol(ruleV0.getField("action").schema(), "pause"));
        final Schema laneSchema = ruleV0.getField("lane").schema().getTypes().get(1);
        rule.put("lane", new GenericData.EnumSymbol(laneSchema, "high"));
        rule.put("purge", false);
        rule.put("createdAt", 0L);
        rule.put("createdBy", "ops@host");

        // When
        final JobCommand readCommand = JobSerdes.jobCommand().decode(bytes(encode(commandV0, command)));
        final ControlRule readRule = JobSerdes.controlRule().decode(bytes(encode(ruleV0, rule)));

        // Then: their lanes are the old priorities, by name
        assertThat(Lanes.of(readCommand)).isEqualTo("low");
        assertThat(readCommand.getLane()).isNull();
        assertThat(Lanes.of(readRule)).isEqualTo("high");
        assertThat(ControlKeys.of(readRule)).isEqualTo("pause lane=high");
    }

    @Test
    void shouldWriteALaneOfItsOwnByName() {
        // Given: a command of a lane that is no priority
        final JobCommand command = JobCommand.newBuilder()
                .setCommandId("e1/1")
                .setJobKey("commonswiki|id|e1")
                .setEventId("e1")
                .setDatabase("commonswiki")
                .setType("webVideoTranscode")
                .setLane("video")
                .setAttempt(1)
                .setReleasedAt(1_000L)
                .setClaimExpiresAt(2_000L)
                .setEvent("{}")
                .build();
        // When
        final JobCommand read =
                JobSerdes.jobCommand().decode(JobSerdes.jobCommand().encode(command));
        // Then
        assertThat(Lanes.of(read)).isEqualTo("video");
    }

    private static Schema history(final String file) throws IOException {
        try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/avro/history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static ByteBuffer encode(final Schema schema, final GenericRecord record) throws IOException {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
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
