package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;

class ExecutorClientPropertiesTest {
    private static final JobQueueConfig CONFIG = JobQueueConfig.of("eqiad")
            .withKafka(Map.of(
                    "bootstrap.servers", "kafka1001:9092",
                    "security.protocol", "SSL",
                    "processing.guarantee", "at_least_once",
                    "num.stream.threads", "4",
                    "max.poll.interval.ms", "600000",
                    "enable.auto.commit", "true",
                    "isolation.level", "read_uncommitted",
                    "acks", "1",
                    "consumer.fetch.max.bytes", "4194304",
                    "producer.compression.type", "zstd"));

    @Test
    void shouldPassTheUsersConsumerPropertiesButNotStreamsOnes() {
        // Given a kafka map with client, consumer-prefixed and Streams-only properties

        // When the normal lane's consumer is configured
        final Map<String, Object> consumer = ExecutorClientProperties.consumer(CONFIG, "normal");

        // Then
        assertThat(consumer)
                .containsEntry("bootstrap.servers", "kafka1001:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("max.poll.interval.ms", "600000")
                .containsEntry("fetch.max.bytes", "4194304")
                .doesNotContainKeys(
                        "processing.guarantee",
                        "num.stream.threads",
                        "acks",
                        "consumer.fetch.max.bytes",
                        "compression.type");
    }

    @Test
    void shouldEnforceWhatTheExecutorsNeedOnTheConsumer() {
        // Given the same map, When the high lane's consumer is configured
        final Map<String, Object> consumer = ExecutorClientProperties.consumer(CONFIG, "high");

        // Then the user's settings cannot weaken the commit rule
        assertThat(consumer)
                .containsEntry("group.id", "jobqueue-eqiad-executor-high")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("max.poll.records", 40);
    }

    @Test
    void shouldMakeTheProducerIdempotentWithTheUsersProducerProperties() {
        // Given the same map, When the results producer is configured
        final Map<String, Object> producer = ExecutorClientProperties.producer(CONFIG);

        // Then
        assertThat(producer)
                .containsEntry("bootstrap.servers", "kafka1001:9092")
                .containsEntry("compression.type", "zstd")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .doesNotContainKeys("processing.guarantee", "isolation.level", "max.poll.interval.ms");
    }
}
