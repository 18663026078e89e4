package org.jobqueue.topology.inspect;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** How a partition's stores are reached: TopologyTestDriver's stores in tests, interactive queries in {@code run}. */
public interface StoreLookup {
    /** The key-value store {@code name} of the partition. */
    <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name);

    /** The window store {@code name} of the partition. */
    <K, V> ReadOnlyWindowStore<K, V> windowStore(String name);
}
