package org.jobqueue.topology.roots;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.RootMark;

/**
 * Loads the roots topic into the root registry's global store, never moving a root's time backwards, and sweeps out a
 * few roots older than the TTL with each record, so the store stays bounded with bounded work per record.
 */
final class RootUpdater implements Processor<String, RootMark, Void, Void> {
    private static final int SWEEP_PER_RECORD = 4;

    private final long ttlMs;
    private KeyValueStore<String, RootMark> store;
    private String sweepFrom;

    RootUpdater(final long ttlMs) {
        this.ttlMs = ttlMs;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(RootRegistry.STORE);
    }

    @Override
    public void process(final Record<String, RootMark> record) {
        if (record.key() == null) return;
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        final RootMark current = store.get(record.key());
        if (current == null || current.getDt() < record.value().getDt()) store.put(record.key(), record.value());
        sweep(record.value().getSeenAt() - ttlMs);
    }

    private void sweep(final long cutoff) {
        final List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, RootMark> roots = store.range(sweepFrom, null)) {
            for (int i = 0; i < SWEEP_PER_RECORD && roots.hasNext(); i++) {
                final KeyValue<String, RootMark> root = roots.next();
                if (root.value.getDt() < cutoff) stale.add(root.key);
            }
            sweepFrom = roots.hasNext() ? roots.peekNextKey() : null;
        }
        stale.forEach(store::delete);
    }
}
