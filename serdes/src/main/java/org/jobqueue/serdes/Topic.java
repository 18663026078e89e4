package org.jobqueue.serdes;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic: its name and the serdes of its keys and values. Every consumer, producer, store and test derives its serdes
 * from one of these.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
