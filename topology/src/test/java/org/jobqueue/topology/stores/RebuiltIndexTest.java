package org.jobqueue.topology.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.topology.JobQueueDriver;
import org.junit.jupiter.api.Test;

/** An index without a changelog starts empty, whatever its RocksDB directory held when its task stopped. */
class RebuiltIndexTest {
    @Test
    void shouldStartEmptyOverWhatThePreviousTaskLeftOnDisk() {
        // Given: an index that held an entry, flushed to disk when its task closed
        final File stateDir = JobQueueDriver.newStateDir().toFile();
        final KeyValueStore<String, String> before = open(stateDir);
        before.put("stale", "job");
        before.flush();
        before.close();

        // When: the next task opens it on the same directory
        final KeyValueStore<String, String> after = open(stateDir);

        // Then: it is empty, and works as an index
        assertThat(after.approximateNumEntries()).isZero();
        assertThat(after.get("stale")).isNull();
        after.put("fresh", "job");
        assertThat(after.get("fresh")).isEqualTo("job");
        after.close();
    }

    private static KeyValueStore<String, String> open(final File stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rebuilt-index-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>(props, new TaskId(2, 0), stateDir);
        final KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
                        RebuiltIndex.supplier("queue-ready"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
