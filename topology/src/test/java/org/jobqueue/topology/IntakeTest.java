package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.InvalidHeaders;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

class IntakeTest {
    private static final Duration TICK = Duration.ofMillis(100);

    @Test
    void shouldSendUnparseableJsonToInvalidAndGoOn() {
        assertInvalidThenValidGoesOn("{\"type\": \"refreshLinks\", ".getBytes(StandardCharsets.UTF_8), "not JSON");
    }

    @Test
    void shouldSendSchemaInvalidEventToInvalidAndGoOn() {
        final String noDatabase = JobEvents.job("refreshLinks").json().replace("\"database\":\"enwiki\",", "");
        assertInvalidThenValidGoesOn(noDatabase.getBytes(StandardCharsets.UTF_8), "database");
    }

    @Test
    void shouldSendOversizeEventToInvalidAndGoOn() {
        final char[] padding = new char[5_000];
        Arrays.fill(padding, 'x');
        final byte[] oversize =
                JobEvents.job("refreshLinks").title(new String(padding)).bytes();
        assertInvalidThenValidGoesOn(oversize, "too large");
    }

    @Test
    void shouldKeepTheFirstBytesOfAnInputTooLargeForTheInvalidTopic() {
        // An input may be larger than the invalid topic takes (max_event_bytes + 1 MiB): its first bytes are kept
        final char[] padding = new char[700_000];
        Arrays.fill(padding, 'x');
        final byte[] huge =
                JobEvents.job("refreshLinks").title(new String(padding)).bytes();
        final int kept = 2_048 + QueueConfig.RECORD_ENVELOPE_BYTES / 2;
        final TestRecord<byte[], byte[]> invalid =
                assertInvalidThenValidGoesOn(huge, Arrays.copyOf(huge, kept), "too large");
        assertThat(header(invalid, InvalidHeaders.TRUNCATED))
                .isEqualTo("value of " + huge.length + " bytes, first " + kept + " kept");
    }

    private static void assertInvalidThenValidGoesOn(final byte[] bad, final String reasonPart) {
        assertInvalidThenValidGoesOn(bad, bad, reasonPart);
    }

    private static TestRecord<byte[], byte[]> assertInvalidThenValidGoesOn(
            final byte[] bad, final byte[] kept, final String reasonPart) {
        final JobQueueConfig config =
                JobQueueConfig.of("eqiad").withQueue(new QueueConfig(null, null, null, null, null, 2_048));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            queue.send("refreshLinks", bad);
            // When
            queue.send(JobEvents.job("refreshLinks"));
            queue.advance(TICK);
            // Then
            final List<TestRecord<byte[], byte[]>> invalid = queue.invalidRecords();
            assertThat(invalid).hasSize(1);
            assertThat(invalid.get(0).value()).isEqualTo(kept);
            assertThat(header(invalid.get(0), InvalidHeaders.REASON)).contains(reasonPart);
            assertThat(header(invalid.get(0), InvalidHeaders.SOURCE_TOPIC))
                    .isEqualTo("eqiad.mediawiki.job.refreshLinks");
            assertThat(queue.commands("normal")).hasSize(1);
            assertThat(queue.metrics().total(Outcome.INVALID)).isEqualTo(1);
            return invalid.get(0);
        }
    }

    @Test
    void shouldSendAJobWhoseTypeHoldsANulToInvalid() {
        // A NUL would end the ready index's prefix early: the job is quarantined, not run
        assertInvalidThenValidGoesOn(
                JobEvents.job("refresh\u0000Links").bytes(), "$.type holds the control character U+0000 at index 7");
    }

    @Test
    void shouldDropJobsOfADisabledType() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withTypes(Map.of("floodingJob", new TypeConfig(null, null, false, null, null)));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            queue.send(JobEvents.job("floodingJob"));
            queue.send(JobEvents.job("refreshLinks"));
            // When
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).extracting("type").containsExactly("refreshLinks");
            assertThat(queue.metrics().total("floodingJob", Outcome.DISABLED)).isEqualTo(1);
        }
    }

    @Test
    void shouldReadJobTopicsOfEveryConsumedDataCentre() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad").withConsumeDcs(List.of("eqiad", "codfw"));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            final JobEvents local = JobEvents.job("refreshLinks");
            final JobEvents remote = JobEvents.job("refreshLinks");
            // When
            queue.send(local);
            queue.sendFrom("codfw", remote);
            queue.advance(TICK);
            // Then: both are read; codfw's waits for codfw's result or a takeover (see DataCentresTest)
            assertThat(queue.commands("normal"))
                    .extracting(JobCommand::getEventId)
                    .containsExactly(local.eventId());
            assertThat(queue.metrics().total(Outcome.HELD)).isEqualTo(1);
        }
    }

    private static String header(final TestRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
