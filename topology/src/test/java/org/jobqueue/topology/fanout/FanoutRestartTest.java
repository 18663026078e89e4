package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.fanout.Fanout.drain;
import static org.jobqueue.topology.fanout.Fanout.leaves;
import static org.jobqueue.topology.fanout.Fanout.pageIds;
import static org.jobqueue.topology.fanout.Fanout.pages;
import static org.jobqueue.topology.fanout.Fanout.tick;
import static org.jobqueue.topology.fanout.FanoutExpansionTest.recursive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.fanout.Fanout.Leaf;
import org.jobqueue.topology.fanout.Fanout.Links;
import org.junit.jupiter.api.Test;

/**
 * A restart in the middle of an expansion resumes at the cursor: no leaf twice, none missing.
 *
 * <p>TopologyTestDriver cannot reopen its own state: {@code close()} ends with {@code StateDirectory.clean()}, which
 * deletes the task directories, so a second driver on the same {@code stateDir} starts empty (checked: the directory
 * is empty after {@code close()}). Copying the directory aside while the first driver is open does not help either:
 * under exactly_once_v2 no checkpoint is written while processing, and the second driver fails with
 * TaskCorruptedException. So this test restores at the store level, as Kafka Streams would from the changelogs: it
 * copies every store of the first driver into a fresh one, and checks that the fresh one resumes at the cursor.
 */
class FanoutRestartTest {
    @Test
    void shouldResumeAnExpansionAtItsCursorAfterARestart() {
        final JobQueueConfig config = Fanout.config("refreshLinks", 100, 1);
        final List<JobCommand> commands = new ArrayList<>();
        final Instant stoppedAt = JobQueueDriver.START.plus(Fanout.TICK.multipliedBy(3));
        try (JobQueueDriver after = new JobQueueDriver(config, JobQueueDriver.newStateDir(), stoppedAt)) {
            final long cursor;
            try (JobQueueDriver before =
                    new JobQueueDriver(config, JobQueueDriver.newStateDir(), JobQueueDriver.START)) {
                // Given: 1000 backlinks, three steps of 100 expanded when the instance stops
                new Links(before).load(pages(1, 1000));
                before.send(recursive("refreshLinks"));
                for (int i = 0; i < 3; i++) commands.addAll(tick(before));
                cursor = onlyExpansion(before.driver()).getNextPageId();
                assertThat(cursor).isEqualTo(301);
                // When: another instance takes the partition over, its stores restored from the changelogs
                restoreStores(before.driver(), after.driver());
            }
            assertThat(onlyExpansion(after.driver()).getNextPageId()).isEqualTo(cursor);
            commands.addAll(drain(after));
            assertThat(after.metrics().totalFanout("backlinks-expanded")).isEqualTo(700);
        }
        // Then: the leaves released before and after the restart hold every backlink exactly once
        final List<Leaf> leaves = leaves(commands);
        assertThat(pageIds(leaves)).containsExactlyInAnyOrderElementsOf(pages(1, 1000));
        assertThat(leaves.stream().map(Leaf::metaId)).doesNotHaveDuplicates();
    }

    private static Expansion onlyExpansion(final TopologyTestDriver driver) {
        final List<KeyValue<String, Expansion>> all = expansions(driver);
        assertThat(all).hasSize(1);
        return all.get(0).value;
    }

    private static List<KeyValue<String, Expansion>> expansions(final TopologyTestDriver driver) {
        final KeyValueStore<String, Expansion> store = driver.getKeyValueStore(FanoutStores.EXPANSIONS);
        final List<KeyValue<String, Expansion>> all = new ArrayList<>();
        try (KeyValueIterator<String, Expansion> entries = store.all()) {
            entries.forEachRemaining(all::add);
        }
        return all;
    }

    /** Copies every key-value and window store, global ones included: what changelog restoration brings back. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void restoreStores(final TopologyTestDriver from, final TopologyTestDriver to) {
        for (final Map.Entry<String, StateStore> store :
                from.getAllStateStores().entrySet()) {
            final String name = store.getKey();
            if (store.getValue() instanceof KeyValueStore) {
                final KeyValueStore source = from.getKeyValueStore(name);
                final KeyValueStore target = to.getKeyValueStore(name);
                try (KeyValueIterator<Object, Object> entries = source.all()) {
                    entries.forEachRemaining(entry -> target.put(entry.key, entry.value));
                }
            } else if (store.getValue() instanceof WindowStore) {
                final WindowStore source = from.getWindowStore(name);
                final WindowStore target = to.getWindowStore(name);
                try (KeyValueIterator<Windowed<Object>, Object> entries = source.all()) {
                    entries.forEachRemaining(entry -> target.put(
                            entry.key.key(), entry.value, entry.key.window().start()));
                }
            } else {
                throw new IllegalStateException("a store of another kind: " + name);
            }
        }
    }
}
