package org.jobqueue.topology.queue;

import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Priority;
import org.jobqueue.topology.ChangelogMarks;

/** The queue's small counters, kept in a store so that they move with the partition and survive restarts. */
final class Counters {
    private static final String SEQ = "seq";

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

    long ready(final Priority lane) {
        return get("ready|" + lane);
    }

    long delayed(final Priority lane) {
        return get("delayed|" + lane);
    }

    long inFlight(final Priority lane) {
        return get("in-flight|" + lane);
    }

    void addReady(final Priority lane, final long delta) {
        add("ready|" + lane, delta);
    }

    void addDelayed(final Priority lane, final long delta) {
        add("delayed|" + lane, delta);
    }

    void addInFlight(final Priority lane, final long delta) {
        add("in-flight|" + lane, delta);
    }

    private long get(final String key) {
        final Long value = store.get(key);
        return value == null ? 0L : value;
    }

    private void add(final String key, final long delta) {
        store.put(key, get(key) + delta);
    }
}
