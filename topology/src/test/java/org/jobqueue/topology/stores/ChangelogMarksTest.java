package org.jobqueue.topology.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.fanout.FanoutStores;
import org.jobqueue.topology.queue.state.QueueStores;
import org.junit.jupiter.api.Test;

/**
 * Every store's changelog gets an offset at the first tick, even in a partition where nothing has been written to the
 * store: under exactly_once_v2 a store without one makes Kafka Streams wipe and restore the whole task at its next
 * start, or when a standby is promoted.
 */
class ChangelogMarksTest {
    @Test
    void shouldGiveEveryStoreAChangelogOffsetAtTheFirstTick() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad");
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: a partition that has seen no job at all

            // When: the first tick runs
            queue.advance(Duration.ofMillis(100));

            // Then: each store that has a changelog has written to it, and the rebuilt indexes have none
            final List<String> changelogs = Stream.concat(
                            Arrays.stream(QueueStores.ALL).filter(store -> !QueueStores.REBUILT.contains(store)),
                            Stream.of(FanoutStores.BACKLINKS, FanoutStores.EXPANSIONS))
                    .map(store -> changelogOf(config, store))
                    .toList();
            assertThat(queue.driver().producedTopicNames()).containsAll(changelogs);
            assertThat(queue.driver().producedTopicNames())
                    .doesNotContainAnyElementsOf(QueueStores.REBUILT.stream()
                            .map(store -> changelogOf(config, store))
                            .toList());
        }
    }

    private static String changelogOf(final JobQueueConfig config, final String store) {
        return config.applicationId() + "-" + store + "-changelog";
    }

    @Test
    void shouldLeaveNothingForAJobToMeet() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: marked changelogs
            queue.advance(Duration.ofMillis(100));

            // When: a job arrives
            queue.send(JobEvents.job("refreshLinks"));
            queue.advance(Duration.ofMillis(100));

            // Then: it is the only thing released, and the lanes count it alone
            assertThat(queue.allCommands()).hasSize(1);
            assertThat(queue.metrics().laneSize("normal").inFlight()).isEqualTo(1);
        }
    }
}
