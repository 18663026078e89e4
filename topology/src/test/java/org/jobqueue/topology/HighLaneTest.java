package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.jobqueue.schemas.Job;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.Test;

/**
 * The high lane's own way through the topology: its jobs are repartitioned on a topic of their own and read ahead of
 * their time (what that buys, passing a backlog of the other lanes, needs a real broker: DispatcherIT). These tests
 * show that nothing else changes for them; DeduplicationTest and PeriodicDataCentresTest show it for the event ids
 * and another DC's periodic jobs.
 */
class HighLaneTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final JobQueueConfig CONFIG = JobQueueConfig.of("eqiad")
            .withTypes(Map.of(
                    "cdnPurge", new TypeConfig("high", null, null, null, null),
                    "htmlCacheUpdate", new TypeConfig("low", null, null, null, null)));

    @Test
    void shouldRepartitionHighLaneJobsOnTheirOwnTopicAheadOfTheirTime() {
        try (JobQueueDriver queue = new JobQueueDriver(CONFIG)) {
            // Given
            final TestOutputTopic<String, Job> high = repartition(queue, JobQueueTopology.HIGH_LANE_JOBS_BY_KEY);
            final TestOutputTopic<String, Job> others = repartition(queue, JobQueueTopology.JOBS_BY_KEY);
            // When
            queue.send(JobEvents.job("cdnPurge"));
            queue.send(JobEvents.job("htmlCacheUpdate"));
            // Then
            assertThat(high.readRecordsToList()).singleElement().satisfies(record -> {
                assertThat(record.value().getType()).isEqualTo("cdnPurge");
                assertThat(record.getRecordTime()).isEqualTo(queue.now().minus(QueueConfig.HIGH_LANE_LEAD));
            });
            assertThat(others.readRecordsToList()).singleElement().satisfies(record -> {
                assertThat(record.value().getType()).isEqualTo("htmlCacheUpdate");
                assertThat(record.getRecordTime()).isEqualTo(queue.now());
            });
        }
    }

    @Test
    void shouldReleaseAHighLaneJobOnItsLane() {
        try (JobQueueDriver queue = new JobQueueDriver(CONFIG)) {
            // When
            queue.send(JobEvents.job("cdnPurge"));
            queue.advance(TICK);
            // Then
            assertThat(queue.commands("high"))
                    .singleElement()
                    .satisfies(command -> assertThat(command.getReleasedAt())
                            .isEqualTo(queue.now().minus(TICK).toEpochMilli()));
        }
    }

    @Test
    void shouldKeepAnInvalidHighLaneEventAtItsOwnTime() {
        try (JobQueueDriver queue = new JobQueueDriver(CONFIG)) {
            // When
            queue.send("cdnPurge", "{not json".getBytes(StandardCharsets.UTF_8));
            // Then
            assertThat(queue.invalidRecords())
                    .singleElement()
                    .satisfies(record -> assertThat(record.getRecordTime()).isEqualTo(queue.now()));
        }
    }

    private static TestOutputTopic<String, Job> repartition(final JobQueueDriver queue, final String name) {
        return queue.driver()
                .createOutputTopic(
                        CONFIG.applicationId() + "-" + name + "-repartition",
                        JobSerdes.string().deserializer(),
                        JobSerdes.job().deserializer());
    }
}
