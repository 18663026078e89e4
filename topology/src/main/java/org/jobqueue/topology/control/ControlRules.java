package org.jobqueue.topology.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.serdes.Lanes;

/**
 * The operators' pause and drop rules, readable from every partition: a global store fed by the compacted control
 * topic. A rule applies to a job when each of its lane, type and database is null or equal to the job's, until its
 * {@code until} passes.
 *
 * <p>Every job is checked against the rules several times on its way, so the view keeps the few rules in memory and
 * reads the store again once per {@code refresh}: a rule written to the topic takes effect within that time of
 * reaching the instance.
 */
public final class ControlRules {
    public static final String STORE = "control-rules";

    private final ReadOnlyKeyValueStore<String, ControlRule> store;
    private final long refreshMs;
    private List<ControlRule> rules = List.of();
    private long loadedAt = Long.MIN_VALUE;

    public ControlRules(final ProcessingContext context, final Duration refresh) {
        this.store = context.getStateStore(STORE);
        this.refreshMs = refresh.toMillis();
    }

    /** The global store's builder: global stores restore from their source topic, so they keep no changelog. */
    public static StoreBuilder<KeyValueStore<String, ControlRule>> storeBuilder() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), JobSerdes.string(), JobSerdes.controlRule())
                .withLoggingDisabled();
    }

    /** The processor that keeps the store (see {@link ControlUpdater}). */
    public static ProcessorSupplier<String, ControlRule, Void, Void> updater() {
        return ControlUpdater::new;
    }

    /**
     * Whether a pause holds the jobs of {@code lane}, {@code type} and {@code database} at {@code now}. A null type or
     * database asks about all of them: whether one rule holds the whole lane, or the type on every database.
     */
    public boolean isPaused(final String lane, final String type, final String database, final long now) {
        return find(ControlAction.pause, lane, type, database, now).isPresent();
    }

    /** The drop rule that applies to the jobs of {@code lane}, {@code type} and {@code database} at {@code now}. */
    public Optional<ControlRule> dropRule(final String lane, final String type, final String database, final long now) {
        return find(ControlAction.drop, lane, type, database, now);
    }

    /** Whether a drop rule with {@code purge} applies at {@code now}: the waiting jobs must then be swept. */
    public boolean isPurging(final long now) {
        return current(now).stream().anyMatch(rule -> isPurge(rule) && isInForce(rule, now));
    }

    /** Whether a drop rule with {@code purge} applies to the waiting jobs of this lane, type and database. */
    public boolean isPurged(final String lane, final String type, final String database, final long now) {
        return dropRule(lane, type, database, now).filter(ControlRules::isPurge).isPresent();
    }

    /**
     * Whether a pause in {@code rules} (the global store, read as it is now) holds the jobs of {@code lane}, {@code
     * type} and {@code database} at {@code now}: for readers outside the topology, which keep no rule cache.
     */
    public static boolean isPausedIn(
            final ReadOnlyKeyValueStore<String, ControlRule> rules,
            final String lane,
            final String type,
            final String database,
            final long now) {
        try (KeyValueIterator<String, ControlRule> entries = rules.all()) {
            while (entries.hasNext()) {
                final ControlRule rule = entries.next().value;
                if (rule != null
                        && rule.getAction() == ControlAction.pause
                        && covers(rule, lane, type, database)
                        && isInForce(rule, now)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code rule} covers the jobs of {@code lane}, {@code type} and {@code database}, ignoring time. */
    static boolean covers(final ControlRule rule, final String lane, final String type, final String database) {
        final String ruleLane = Lanes.of(rule);
        return (ruleLane == null || ruleLane.equals(lane))
                && (rule.getType() == null || rule.getType().equals(type))
                && (rule.getDatabase() == null || rule.getDatabase().equals(database));
    }

    static boolean isInForce(final ControlRule rule, final long now) {
        return rule.getUntil() == null || rule.getUntil() > now;
    }

    private static boolean isPurge(final ControlRule rule) {
        return rule.getAction() == ControlAction.drop && rule.getPurge();
    }

    private Optional<ControlRule> find(
            final ControlAction action, final String lane, final String type, final String database, final long now) {
        for (final ControlRule rule : current(now)) {
            if (rule.getAction() == action && covers(rule, lane, type, database) && isInForce(rule, now)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private List<ControlRule> current(final long now) {
        if (loadedAt == Long.MIN_VALUE || now - loadedAt >= refreshMs) {
            rules = load();
            loadedAt = now;
        }
        return rules;
    }

    private List<ControlRule> load() {
        final List<ControlRule> loaded = new ArrayList<>();
        try (KeyValueIterator<String, ControlRule> entries = store.all()) {
            while (entries.hasNext()) {
                final KeyValue<String, ControlRule> entry = entries.next();
                if (entry.value != null) loaded.add(entry.value);
            }
        }
        return List.copyOf(loaded);
    }
}
