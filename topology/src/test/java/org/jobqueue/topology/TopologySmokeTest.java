package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.Topic;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

class TopologySmokeTest {
    @Test
    void shouldReleaseAJobAndForgetItOnceOk() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("refreshLinks").sha1("abc"));
            // When
            queue.advance(Duration.ofMillis(100));
            final List<JobCommand> commands = queue.commands("normal");
            // Then
            assertThat(commands).hasSize(1);
            queue.ok(commands.get(0));
            queue.advance(Duration.ofMillis(100));
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(1);
            assertThat(queue.metrics().laneSize("normal").inFlight()).isZero();
        }
    }

    @Test
    void shouldRunWithoutMetricsInTheStreamsConfiguration() {
        // Given: the topology's own properties, without the application's metrics
        final JobQueueConfig config = JobQueueConfig.of("eqiad");
        final Properties props = JobQueueTopology.streamsProperties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, JobQueueDriver.newStateDir().toString());
        try (TopologyTestDriver driver =
                new TopologyTestDriver(JobQueueTopology.build(config), props, JobQueueDriver.START)) {
            final Topic<byte[], byte[]> jobs = config.topicRegistry().jobEvents("refreshLinks");
            final Topic<String, JobCommand> commands = config.topicRegistry().commands("normal");
            // When
            driver.createInputTopic(
                            jobs.name(),
                            jobs.keySerde().serializer(),
                            jobs.valueSerde().serializer())
                    .pipeInput(
                            new TestRecord<>(null, JobEvents.job("refreshLinks").bytes(), null, JobQueueDriver.START));
            driver.advanceWallClockTime(Duration.ofMillis(100));
            // Then
            assertThat(driver.createOutputTopic(
                                    commands.name(),
                                    commands.keySerde().deserializer(),
                                    commands.valueSerde().deserializer())
                            .readValuesToList())
                    .hasSize(1);
        }
    }
}
