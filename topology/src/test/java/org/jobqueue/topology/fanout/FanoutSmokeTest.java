package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.schemas.Priority;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.jobqueue.topology.JobEvents;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.FanoutConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.Test;

class FanoutSmokeTest {
    @Test
    void shouldExpandARecursiveJobIntoOneLeafPerBacklink() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withTypes(Map.of("refreshLinks", new TypeConfig(null, null, null, null, new FanoutConfig(3, 1))));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            final TestInputTopic<byte[], byte[]> links = queue.driver()
                    .createInputTopic(
                            JobQueueTopology.topicsOf(config).links().name(),
                            new org.apache.kafka.common.serialization.ByteArraySerializer(),
                            new org.apache.kafka.common.serialization.ByteArraySerializer());
            for (int page = 1; page <= 10; page++) {
                links.pipeInput(
                        null,
                        LinkChangeParser.write(new LinkChange(
                                "enwiki", "templatelinks", 10, "Infobox", (long) page, 0, "Page_" + page, true)));
            }
            // When
            queue.send(JobEvents.job("refreshLinks").recursive("templatelinks", "Infobox"));
            queue.advanceInSteps(Duration.ofMillis(100), 10);
            // Then
            assertThat(queue.commands(Priority.normal)).hasSize(10);
        }
    }
}
