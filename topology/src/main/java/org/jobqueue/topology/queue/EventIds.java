package org.jobqueue.topology.queue;

import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The event ids seen within the dedup window, by event time: a replay carries its original timestamp, so it finds the
 * first sighting however late it is re-read. Old ids expire with their store segment, at no scan cost.
 */
final class EventIds {
    private final WindowStore<String, Long> store;
    private final long windowMs;

    EventIds(final WindowStore<String, Long> store, final Duration window) {
        this.store = store;
        this.windowMs = window.toMillis();
    }

    /** Whether {@code eventId} is new; if so, remembers it. */
    boolean firstSighting(final String eventId, final long timestamp) {
        try (WindowStoreIterator<Long> seen =
                store.fetch(eventId, Math.max(0, timestamp - windowMs), timestamp + windowMs)) {
            if (seen.hasNext()) return false;
        }
        store.put(eventId, timestamp, timestamp);
        return true;
    }
}
