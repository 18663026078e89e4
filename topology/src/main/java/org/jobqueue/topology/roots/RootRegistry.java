package org.jobqueue.topology.roots;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
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

    /** The processor that keeps the store (see {@link RootUpdater}); it forgets roots older than {@code ttl}. */
    public static ProcessorSupplier<String, RootMark, Void, Void> updater(final Duration ttl) {
        return () -> new RootUpdater(ttl.toMillis());
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
}
