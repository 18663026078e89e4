package org.jobqueue.topology.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.Test;

class HighLaneTimestampsTest {
    private static final long RECORD_TIME = 1_800_000_000_000L;
    private static final long PARTITION_TIME = 1_700_000_000_000L;
    private static final JobQueueConfig CONFIG = JobQueueConfig.of("eqiad")
            .withTypes(Map.of(
                    "cdnPurge", new TypeConfig("high", null, null, null, null),
                    "htmlCacheUpdate", new TypeConfig("low", null, null, null, null)));

    private final HighLaneTimestamps readTimes = new HighLaneTimestamps(CONFIG);

    @Test
    void shouldReadAHighLaneEventTenMinutesAheadOfItsTime() {
        assertThat(readTimes.extract(record("eqiad.mediawiki.job.cdnPurge", RECORD_TIME), PARTITION_TIME))
                .isEqualTo(RECORD_TIME - Duration.ofMinutes(10).toMillis());
    }

    @Test
    void shouldReadTheOtherLanesAtTheirRecordTime() {
        assertThat(readTimes.extract(record("eqiad.mediawiki.job.htmlCacheUpdate", RECORD_TIME), PARTITION_TIME))
                .isEqualTo(RECORD_TIME);
        assertThat(readTimes.extract(record("codfw.mediawiki.job.unconfiguredType", RECORD_TIME), PARTITION_TIME))
                .isEqualTo(RECORD_TIME);
    }

    @Test
    void shouldKeepTheLeadWithinAQuarterOfAShortDedupWindow() {
        final HighLaneTimestamps shortWindow = new HighLaneTimestamps(
                CONFIG.withQueue(new QueueConfig(null, null, Duration.ofMinutes(20), null, null, null)));

        assertThat(shortWindow.leadOf("eqiad.mediawiki.job.cdnPurge"))
                .isEqualTo(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void shouldReadAnEventWithoutAValidTimeAtItsPartitionsTime() {
        assertThat(readTimes.extract(record("eqiad.mediawiki.job.htmlCacheUpdate", -1), PARTITION_TIME))
                .isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldNeverReadBeforeTheEpoch() {
        assertThat(readTimes.extract(record("eqiad.mediawiki.job.cdnPurge", 1_000), PARTITION_TIME))
                .isZero();
    }

    private static ConsumerRecord<Object, Object> record(final String topic, final long timestamp) {
        return new ConsumerRecord<>(
                topic,
                0,
                0,
                timestamp,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                new byte[0],
                new RecordHeaders(),
                Optional.empty());
    }
}
