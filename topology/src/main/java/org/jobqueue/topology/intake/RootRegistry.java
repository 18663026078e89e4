package org.jobqueue.topology.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.schemas.RootMark;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.serdes.JobSerdes;

/**
 * The root registry: the newest root job time per (database, signature), readable from every partition. It is a global
 * store fed by the compacted roots topic that intake writes; eventually consistent, which is enough because supersession
 * is checked again at release.
 */
public final class RootRegistry {
    public static final String STORE = "root-registry";

    private final ReadOnlyKeyValueStore<String, RootMark> store;

    public RootRegistry(final ProcessingContext context) {
        this.store = context.getStateStore(STORE);
    }

    /** The global store's builder: global stores restore from their source topic, so they keep no changelog. */
    public static StoreBuilder<KeyValueStore<String, RootMark>> storeBuilder() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), JobSerdes.string(), JobSerdes.rootMark())
                .withLoggingDisabled();
    }

    /**
     * The processor that loads the roots topic into the store, never moving a root's time backwards, and sweeps out a
     * few roots older than {@code ttl} with each record, so the store stays bounded with bounded work per record.
     */
    public static ProcessorSupplier<String, RootMark, Void, Void> updater(final Duration ttl) {
        return () -> new Updater(ttl.toMillis());
    }

    /** Whether a newer root job with the same signature was registered on the same wiki. */
    public boolean isSuperseded(final String database, final RootEvent root) {
        final RootMark newest = store.get(JobKeys.root(database, root.getSignature()));
        return newest != null && newest.getDt() > root.getDt();
    }

    /** Whether {@code root} is newer than what the registry holds (so it needs registering). */
    public boolean isNewer(final String database, final RootEvent root) {
        final RootMark newest = store.get(JobKeys.root(database, root.getSignature()));
        return newest == null || newest.getDt() < root.getDt();
    }

    private static final class Updater implements Processor<String, RootMark, Void, Void> {
        private static final int SWEEP_PER_RECORD = 4;

        private final long ttlMs;
        private KeyValueStore<String, RootMark> store;
        private String sweepFrom;

        private Updater(final long ttlMs) {
            this.ttlMs = ttlMs;
        }

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(STORE);
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
}
