package org.jobqueue.topology.queue.state;

import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.stores.RebuiltIndex;

/**
 * The stores of a queue partition ({@link #ALL}): the queue processor's supplier adds them ({@link #builders}); the
 * periodic processor reads two of them by name.
 *
 * <p>Each job is kept durably once where it is: waiting ({@link #WAITING}), in flight ({@link #IN_FLIGHT}) or held
 * ({@link #HELD}); these, the dedup marks, the traces and the takeover times have changelogs, whose topics bear the
 * stores' names (renaming one is a migration). The orders the queue scans (ready, paused, delayed, claims, held) and
 * the counts ({@link #DEPTHS}) are {@linkplain #REBUILT rebuilt} from them when a task starts: they cost no changelog
 * record, and RocksDB keeps the indexes off the heap.
 */
public final class QueueStores {
    /** meta.id → arrival time, for {@code dedup_window}. */
    public static final String EVENT_IDS = "queue-event-ids";
    /** job key → the job waiting under it (ready or delayed); at most one: the first wins. */
    public static final String WAITING = "queue-waiting";
    /** ready key (see {@link QueueKeys#ready}) → job key. */
    public static final String READY = "queue-ready";
    /** paused key (see {@link QueueKeys#paused}) → job key: ready jobs that a pause of their database holds. */
    public static final String PAUSED = "queue-paused";
    /** lane type key (see {@link QueueKeys#laneType}) → how many jobs of that type are ready in that lane. */
    public static final String READY_TYPES = "queue-ready-types";
    /** due key (due time, job key) → job key. */
    public static final String DELAYED = "queue-delayed";
    /** command id → the released job awaiting its result. */
    public static final String IN_FLIGHT = "queue-in-flight";
    /** due key (claim expiry, command id) → command id. */
    public static final String CLAIMS = "queue-claims";
    /** job key of a job with sha1 → the event id of each execution, at its start (release, then actual start). */
    public static final String EXECUTED = "queue-executed";
    /** The takeover time of each other DC. */
    public static final String COUNTERS = "queue-counters";
    /** In memory: the arrival sequence and the jobs per lane, type, database and state (see {@link Counters}). */
    public static final String DEPTHS = "queue-depths";
    /** job key → a job read from another DC's topics, held until this DC takes that DC's jobs over. */
    public static final String HELD = "queue-held";
    /** held key (see {@link HeldKeys}) → job key. */
    public static final String HELD_INDEX = "queue-held-index";

    /** meta.id → the newest {@code JobTrace} of that job, for {@code dedup_window}: what operators look jobs up in. */
    public static final String TRACES = "queue-job-traces";

    /** Every store of a queue partition. */
    public static final String[] ALL = {
        EVENT_IDS,
        WAITING,
        READY,
        PAUSED,
        READY_TYPES,
        DELAYED,
        IN_FLIGHT,
        CLAIMS,
        EXECUTED,
        COUNTERS,
        HELD,
        HELD_INDEX,
        TRACES,
        DEPTHS
    };

    /** The stores without a changelog, rebuilt from the others when a task starts (see {@link IndexRebuild}). */
    public static final Set<String> REBUILT = Set.of(READY, PAUSED, READY_TYPES, DELAYED, CLAIMS, HELD_INDEX, DEPTHS);

    private QueueStores() {}

    /** A builder of each store, for the supplier of the processor that owns them. */
    public static Set<StoreBuilder<?>> builders(final QueueConfig config) {
        // The record cache folds the many writes of a hot key (the ready types) into one RocksDB write per commit. A
        // job's own entries are put and deleted in different commits (a result comes back after the commit that made
        // its command visible), so for them a cache would only add work.
        final StoreBuilder<KeyValueStore<Bytes, Long>> readyTypes = Stores.keyValueStoreBuilder(
                        RebuiltIndex.supplier(READY_TYPES), Serdes.Bytes(), Serdes.Long())
                .withCachingEnabled()
                .withLoggingDisabled();
        return Set.of(
                window(EVENT_IDS, config.dedupWindow()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(WAITING), JobSerdes.string(), JobSerdes.queuedJob()),
                index(READY),
                index(PAUSED),
                readyTypes,
                index(DELAYED),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(IN_FLIGHT), JobSerdes.string(), JobSerdes.inFlightJob()),
                index(CLAIMS),
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(EXECUTED, config.dedupWindow(), Duration.ofMillis(1), true),
                        JobSerdes.string(),
                        JobSerdes.string()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(COUNTERS), JobSerdes.string(), Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DEPTHS), JobSerdes.string(), Serdes.Long())
                        .withLoggingDisabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD), JobSerdes.string(), JobSerdes.job()),
                index(HELD_INDEX),
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(TRACES, config.dedupWindow(), Duration.ofMillis(1), false),
                        JobSerdes.string(),
                        JobSerdes.jobTrace()));
    }

    private static StoreBuilder<KeyValueStore<Bytes, String>> index(final String name) {
        return Stores.keyValueStoreBuilder(RebuiltIndex.supplier(name), Serdes.Bytes(), JobSerdes.string())
                .withLoggingDisabled();
    }

    private static StoreBuilder<WindowStore<String, Long>> window(final String name, final Duration retention) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), false),
                JobSerdes.string(),
                Serdes.Long());
    }
}
