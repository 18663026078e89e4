package org.jobqueue.topology.queue.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.queue.state.QueueStoresFixture.NOW;
import static org.jobqueue.topology.queue.state.QueueStoresFixture.copy;
import static org.jobqueue.topology.queue.state.QueueStoresFixture.key;
import static org.jobqueue.topology.queue.state.QueueStoresFixture.queued;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.stores.ClockSkew;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The indexes and counters have no changelog: a task that starts on restored jobs rebuilds them, and the queue it
 * rebuilds releases, promotes and expires as the one it replaces would have.
 */
class IndexRebuildTest {
    private static final long CLAIM_TTL = 60_000L;

    private final QueueStoresFixture stores = new QueueStoresFixture();

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void shouldRebuildTheQueueOfARestoredPartition() {
        // Given: a partition with ready jobs of two types (one set aside by a pause), a delayed job and one in flight
        final MockProcessorContext<Void, Void> before = stores.newContext();
        final QueueState original = new QueueState(before, skew());
        original.makeReady(queued("refreshLinks", "a"));
        original.makeReady(queued("cdnPurge", "b"));
        original.makeReady(queued("refreshLinks", "c"));
        original.makeReady(queued("refreshLinks", "d"));
        final KeyValue<Bytes, String> firstRefresh = original.firstReady("normal", "refreshLinks");
        original.pause(firstRefresh.key, original.waiting(firstRefresh.value));
        original.delay(queued("refreshLinks", "e"), NOW + 5_000);
        final QueuedJob launched = queued("cdnPurge", "f");
        original.makeReady(launched);
        original.dropReady(QueueKeys.readyKeyOf(launched), launched);
        final JobCommand command = original.launch(launched, NOW, CLAIM_TTL);

        // When: another task restores only the jobs (waiting and in flight) and rebuilds the rest
        final MockProcessorContext<Void, Void> after = stores.newContext();
        copy(before, after, QueueStores.WAITING);
        copy(before, after, QueueStores.IN_FLIGHT);
        final QueueState rebuilt = new QueueState(after, skew());
        final IndexRebuild.Counts counts = rebuilt.rebuildIndexes();

        // Then: the same jobs, counted the same, in the same order, due and expiring at the same times
        assertThat(counts).isEqualTo(new IndexRebuild.Counts(5, 1));
        assertThat(rebuilt.size("normal")).isEqualTo(new LaneSize(4, 1, 1));
        assertThat(rebuilt.inFlightCount("normal", "cdnPurge")).isEqualTo(1);
        assertThat(rebuilt.readyTypes("normal", 10)).containsExactly("cdnPurge", "refreshLinks");
        assertThat(readyInOrder(rebuilt, "refreshLinks")).containsExactly(key("a"), key("c"), key("d"));
        assertThat(readyInOrder(rebuilt, "cdnPurge")).containsExactly(key("b"));
        assertThat(rebuilt.dueDelayed(10).due(NOW + 4_999)).isEmpty();
        assertThat(rebuilt.dueDelayed(10).due(NOW + 5_000))
                .extracting(entry -> entry.value)
                .containsExactly(key("e"));
        assertThat(rebuilt.expiredClaims(10).due(NOW + CLAIM_TTL))
                .extracting(entry -> entry.value)
                .containsExactly(command.getCommandId());
        assertThat(rebuilt.hasPaused()).isFalse();
    }

    @Test
    void shouldQueueAJobThatArrivesAfterTheRebuildBehindTheRestoredOnes() {
        // Given: a restored partition with two ready jobs of a type
        final MockProcessorContext<Void, Void> before = stores.newContext();
        final QueueState original = new QueueState(before, skew());
        original.makeReady(queued("refreshLinks", "a"));
        original.makeReady(queued("refreshLinks", "b"));
        final MockProcessorContext<Void, Void> after = stores.newContext();
        copy(before, after, QueueStores.WAITING);
        final QueueState rebuilt = new QueueState(after, skew());
        rebuilt.rebuildIndexes();

        // When: a job of the same type arrives
        rebuilt.makeReady(queued("refreshLinks", "c"));

        // Then: it comes after them
        assertThat(readyInOrder(rebuilt, "refreshLinks")).containsExactly(key("a"), key("b"), key("c"));
    }

    /** The ready jobs of a type in release order, each taken out as the releaser does. */
    private static List<String> readyInOrder(final QueueState state, final String type) {
        final List<String> jobKeys = new ArrayList<>();
        for (KeyValue<Bytes, String> first = state.firstReady("normal", type);
                first != null;
                first = state.firstReady("normal", type)) {
            jobKeys.add(first.value);
            state.dropReady(first.key, state.waiting(first.value));
        }
        return jobKeys;
    }

    private static ClockSkew skew() {
        return new ClockSkew(() -> NOW, Duration.ofMinutes(5));
    }
}
