package org.jobqueue.topology.periodic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.PeriodicMark;
import org.jobqueue.serdes.AvroSerde;
import org.jobqueue.serdes.JobSerdes;

/** What each periodic schedule last did for each wiki, keyed {@code schedule ‖ 0x00 ‖ wiki}. */
public final class PeriodicMarks {
    public static final String STORE = "periodic-marks";

    private static final AvroSerde<PeriodicMark> SERDE = AvroSerde.of(PeriodicMark.getClassSchema());

    private final KeyValueStore<String, PeriodicMark> store;

    PeriodicMarks(final ProcessingContext context) {
        this.store = context.getStateStore(STORE);
    }

    public static Set<StoreBuilder<?>> builders() {
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), JobSerdes.string(), SERDE));
    }

    public static String key(final String schedule, final String wiki) {
        return schedule + '\0' + wiki;
    }

    PeriodicMark get(final String schedule, final String wiki) {
        return store.get(key(schedule, wiki));
    }

    void put(final PeriodicMark mark) {
        store.put(key(mark.getSchedule(), mark.getWiki()), mark);
    }

    /** Every mark of {@code store}: for the API, read-only. */
    public static List<PeriodicMark> all(final ReadOnlyKeyValueStore<String, PeriodicMark> store) {
        final List<PeriodicMark> marks = new ArrayList<>();
        try (KeyValueIterator<String, PeriodicMark> entries = store.all()) {
            entries.forEachRemaining(entry -> marks.add(entry.value));
        }
        return marks;
    }
}
