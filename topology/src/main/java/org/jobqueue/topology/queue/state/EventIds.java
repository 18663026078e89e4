package org.jobqueue.topology.queue.state;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jobqueue.topology.stores.ChangelogMarks;
import org.jobqueue.topology.stores.ClockSkew;

/**
 * The event ids seen within the dedup window, by event time: a replay carries its original timestamp, so it finds the
 * first sighting however late it is re-read. Old ids expire with their store segment, at no scan cost.
 */
public final class EventIds {
    private final WindowStore<String, Long> store;
    private final long windowMs;
    private final ClockSkew skew;

    public EventIds(final ProcessingContext context, final Duration window, final ClockSkew skew) {
        this(context.<WindowStore<String, Long>>getStateStore(QueueStores.EVENT_IDS), window, skew);
    }

    EventIds(final WindowStore<String, Long> store, final Duration window, final ClockSkew skew) {
        this.store = store;
        this.windowMs = window.toMillis();
        this.skew = skew;
    }

    /** Whether {@code eventId} is new; if so, remembers it. */
    public boolean firstSighting(final String eventId, final long recordTime) {
        final long timestamp = skew.clamp(recordTime);
        try (WindowStoreIterator<Long> seen =
                store.fetch(eventId, Math.max(0, timestamp - windowMs), timestamp + windowMs)) {
            if (seen.hasNext()) return false;
        }
        store.put(eventId, timestamp, timestamp);
        return true;
    }

    public void markChangelog(final long now) {
        ChangelogMarks.markWindow(store, now);
    }

    /** Remembers {@code eventId} as seen at {@code timestamp}: it ran elsewhere, and a copy arriving later is a replay. */
    public void remember(final String eventId, final long time) {
        final long timestamp = skew.clamp(time);
        store.put(eventId, timestamp, timestamp);
    }
}
