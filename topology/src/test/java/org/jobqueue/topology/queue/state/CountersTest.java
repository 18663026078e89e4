package org.jobqueue.topology.queue.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The depth counters' key layout: a range scan returns a lane's or one type's counts, and a count at zero goes. */
class CountersTest {
    private KeyValueStore<String, Long> store;
    private Counters counters;

    @BeforeEach
    void setUp() {
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(QueueStores.DEPTHS), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        counters = new Counters(store);
    }

    private static Job job(final String type, final String database) {
        final Job job = new Job();
        job.setType(type);
        job.setDatabase(database);
        return job;
    }

    private List<String> keysFrom(final String prefix) {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> entries = store.range(prefix, Counters.depthPrefixEnd(prefix))) {
            entries.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldKeyDepthByLaneTypeDatabaseAndState() {
        // Given // When
        final String key = Counters.depthKey("normal", "refreshLinks", "enwiki", Counters.READY_STATE);

        // Then
        assertThat(key).isEqualTo("depth|normal|refreshLinks|enwiki|ready");
        assertThat(Counters.depthParts(key)).containsExactly("refreshLinks", "enwiki", "ready");
        assertThat(Counters.depthParts("ready|normal")).isNull();
    }

    @Test
    void shouldScanOneTypeWithoutTheTypesItPrefixes() {
        // Given
        counters.addReady("normal", job("refreshLinks", "enwiki"), 1);
        counters.addReady("normal", job("refreshLinksPrioritized", "enwiki"), 1);
        counters.addDelayed("normal", job("refreshLinks", "dewiki"), 1);
        counters.addInFlight("low", job("refreshLinks", "enwiki"), 1);

        // When
        final List<String> oneType = keysFrom(Counters.depthPrefix("normal", "refreshLinks"));
        final List<String> lane = keysFrom(Counters.depthPrefix("normal"));

        // Then
        assertThat(oneType)
                .containsExactly("depth|normal|refreshLinks|dewiki|delayed", "depth|normal|refreshLinks|enwiki|ready");
        assertThat(lane).hasSize(3);
    }

    @Test
    void shouldDeleteACountThatComesBackToZero() {
        // Given
        final Job job = job("oneOff", "enwiki");
        counters.addReady("normal", job, 1);

        // When
        counters.addReady("normal", job, -1);

        // Then: the lane's count stays, the depth key goes
        assertThat(keysFrom(Counters.depthPrefix("normal"))).isEmpty();
        assertThat(counters.ready("normal")).isZero();
    }
}
