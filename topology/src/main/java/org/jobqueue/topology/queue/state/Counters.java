package org.jobqueue.topology.queue.state;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Priority;
import org.jobqueue.topology.stores.ChangelogMarks;

/** The queue's small counters, kept in a store so that they move with the partition and survive restarts. */
final class Counters {
    private static final String SEQ = "seq";
    private static final String PAUSED = "paused";
    private static final Map<Priority, String> READY = keys("ready|");
    private static final Map<Priority, String> DELAYED = keys("delayed|");
    private static final Map<Priority, String> IN_FLIGHT = keys("in-flight|");

    private final KeyValueStore<String, Long> store;

    Counters(final KeyValueStore<String, Long> store) {
        this.store = store;
    }

    void markChangelog() {
        ChangelogMarks.mark(store);
    }

    long nextSeq() {
        final long seq = get(SEQ);
        store.put(SEQ, seq + 1);
        return seq;
    }

    /** The ready jobs set aside by a pause of a type on one database; they still count as ready. */
    long paused() {
        return get(PAUSED);
    }

    void addPaused(final long delta) {
        add(PAUSED, delta);
    }

    long ready(final Priority lane) {
        return get(READY.get(lane));
    }

    long delayed(final Priority lane) {
        return get(DELAYED.get(lane));
    }

    long inFlight(final Priority lane) {
        return get(IN_FLIGHT.get(lane));
    }

    void addReady(final Priority lane, final long delta) {
        add(READY.get(lane), delta);
    }

    void addDelayed(final Priority lane, final long delta) {
        add(DELAYED.get(lane), delta);
    }

    void addInFlight(final Priority lane, final long delta) {
        add(IN_FLIGHT.get(lane), delta);
    }

    private static Map<Priority, String> keys(final String prefix) {
        final Map<Priority, String> keys = new EnumMap<>(Priority.class);
        for (final Priority lane : Priority.values()) keys.put(lane, prefix + lane);
        return keys;
    }

    private long get(final String key) {
        final Long value = store.get(key);
        return value == null ? 0L : value;
    }

    private void add(final String key, final long delta) {
        store.put(key, get(key) + delta);
    }
}
