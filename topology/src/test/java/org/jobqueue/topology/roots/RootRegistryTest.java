package org.jobqueue.topology.roots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.RootMark;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;

class RootRegistryTest {
    private static final Instant T = JobQueueDriver.START;

    @Test
    void shouldNeverMoveARootBackwards() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            final TestInputTopic<String, RootMark> roots = rootsTopic(queue);
            roots.pipeInput("enwiki|sig", mark(T.plusSeconds(10), T));
            // When
            roots.pipeInput("enwiki|sig", mark(T, T));
            // Then
            assertThat(registry(queue).get("enwiki|sig").getDt())
                    .isEqualTo(T.plusSeconds(10).toEpochMilli());
        }
    }

    @Test
    void shouldSweepOutRootsOlderThanRootClaimTtl() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a root registered 8 days ago (root_claim_ttl is 7 days)
            final TestInputTopic<String, RootMark> roots = rootsTopic(queue);
            final Instant eightDaysAgo = T.minus(Duration.ofDays(8));
            roots.pipeInput("enwiki|old", mark(eightDaysAgo, eightDaysAgo));
            // When: newer roots keep arriving
            for (int i = 0; i < 10; i++) {
                roots.pipeInput("enwiki|new-" + i, mark(T, T));
            }
            // Then
            assertThat(registry(queue).get("enwiki|old")).isNull();
            assertThat(registry(queue).get("enwiki|new-0")).isNotNull();
        }
    }

    private static TestInputTopic<String, RootMark> rootsTopic(final JobQueueDriver queue) {
        final Topic<String, RootMark> topic = queue.config().topicRegistry().roots();
        return queue.driver()
                .createInputTopic(
                        topic.name(),
                        topic.keySerde().serializer(),
                        topic.valueSerde().serializer());
    }

    private static KeyValueStore<String, RootMark> registry(final JobQueueDriver queue) {
        return queue.driver().getKeyValueStore(RootRegistry.STORE);
    }

    private static RootMark mark(final Instant dt, final Instant seenAt) {
        return new RootMark(dt.toEpochMilli(), seenAt.toEpochMilli());
    }
}
