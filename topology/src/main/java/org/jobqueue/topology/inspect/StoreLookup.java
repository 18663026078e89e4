package org.jobqueue.topology.inspect;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** How a partition's stores are reached: TopologyTestDriver's stores in tests, interactive queries in {@code run}. */
public interface StoreLookup {
    /** The key-value store {@code name} of the partition. */
    <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name);

    /** The window store {@code name} of the partition. */
    <K, V> ReadOnlyWindowStore<K, V> windowStore(String name);

    /**
     * The stores of {@code partition} that this instance of {@code streams} holds, through interactive queries; a
     * store that cannot answer now (restoring, moving, not here) throws {@code InvalidStateStoreException}.
     */
    static StoreLookup of(final KafkaStreams streams, final int partition) {
        return new StoreLookup() {
            @Override
            public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(final String name) {
                return store(QueryableStoreTypes.keyValueStore(), name);
            }

            @Override
            public <K, V> ReadOnlyWindowStore<K, V> windowStore(final String name) {
                return store(QueryableStoreTypes.windowStore(), name);
            }

            private <T> T store(final QueryableStoreType<T> type, final String name) {
                return streams.store(
                        StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
            }
        };
    }
}
