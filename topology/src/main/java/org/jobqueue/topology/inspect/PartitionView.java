package org.jobqueue.topology.inspect;

import java.util.List;
import java.util.Optional;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * A read-only view of one queue partition's stores for operators: a job by event id or job key, the depth of each type,
 * and the oldest jobs of a type in a state. It writes nothing, and every read is bounded.
 */
public final class PartitionView {
    private final JobLookup lookup;
    private final DepthReader depths;
    private final JobLister lister;
    private final StoreLookup stores;

    private PartitionView(
            final JobLookup lookup, final DepthReader depths, final JobLister lister, final StoreLookup stores) {
        this.lookup = lookup;
        this.depths = depths;
        this.lister = lister;
        this.stores = stores;
    }

    public static PartitionView of(final StoreLookup stores, final JobQueueConfig config) {
        return new PartitionView(
                new JobLookup(stores, config),
                new DepthReader(stores, config.queue().lanes()),
                new JobLister(stores, config.queue().lanes()),
                stores);
    }

    /** What each periodic schedule whose jobs queue in this partition last did, per wiki. */
    public List<PeriodicFiring> periodic() {
        return PeriodicFiring.read(stores);
    }

    /** The job of this event id in this partition, if this partition knows it. */
    public Optional<JobView> byEventId(final String eventId, final long now) {
        return lookup.byEventId(eventId, now);
    }

    /** The job waiting, held or in flight under this job key in this partition, if any. */
    public Optional<JobView> byJobKey(final String jobKey, final long now) {
        return lookup.byJobKey(jobKey, now);
    }

    /**
     * Depth per lane and type (database null), or per lane, type and database when database != null; type null = all
     * types. Sorted by lane (high, normal, low), then type, then database.
     */
    public List<TypeDepth> depth(final String type, final String database, final long now) {
        return depths.depth(type, database);
    }

    /**
     * The first {@code limit} jobs of {@code type} (null: every type) in {@code state}, oldest first (ready: by ready
     * order incl. paused; delayed: by due time; in-flight: by release time). Bounded: examines at most
     * {@code scanBudget} store entries and says so in truncated.
     */
    public Listing list(final String type, final ListedState state, final int limit, final int scanBudget) {
        return lister.list(type, state, limit, scanBudget);
    }
}
