package org.jobqueue.topology.periodic;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A periodic job's event on its way to the job topic {@code topic}, where intake reads it like any other. */
public record PeriodicEvent(String topic, byte[] event) {
    /** Writes the event's bytes; the topic is the sink's to pick. */
    public static Serde<PeriodicEvent> serde() {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : value.event(),
                (topic, bytes) -> bytes == null ? null : new PeriodicEvent(topic, bytes));
    }
}
