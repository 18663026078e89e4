package org.jobqueue.topology.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Job;
import org.jobqueue.serdes.Fences;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.queue.state.Counters;
import org.jobqueue.topology.queue.state.HeldKeys;
import org.jobqueue.topology.queue.state.QueueStores;
import org.jobqueue.topology.stores.ChangelogMarks;

/**
 * The jobs of other data centres in one partition. A job read from another DC's topics is that DC's to run: it is held
 * here, and leaves when the other DC's mirrored result says it ran. When this DC takes over (a fence in the other DC's
 * results, see {@link Fences}), the held jobs created up to the takeover time go to the queue, a bounded number per
 * tick. Held jobs older than the horizon expire: a replay can bring them back.
 */
public final class RemoteJobs {
    private static final String TAKEOVER = "takeover|";

    private final JobQueueTopics topics;
    private final List<String> remoteDcs;
    private final KeyValueStore<String, Job> held;
    private final KeyValueStore<Bytes, String> index;
    private final KeyValueStore<String, Long> counters;
    private final Counters depth;
    private final Function<String, String> laneOf;
    private final int limit;
    private final long horizonMs;
    private final Map<String, Bytes> cursors = new HashMap<>();

    public RemoteJobs(
            final ProcessingContext context,
            final JobQueueTopics topics,
            final Function<String, String> laneOf,
            final int limit,
            final long horizonMs) {
        this.topics = topics;
        this.remoteDcs = topics.remoteDcs();
        this.held = context.getStateStore(QueueStores.HELD);
        this.index = context.getStateStore(QueueStores.HELD_INDEX);
        this.counters = context.getStateStore(QueueStores.COUNTERS);
        this.depth = new Counters(context.getStateStore(QueueStores.DEPTHS));
        this.laneOf = laneOf;
        this.limit = limit;
        this.horizonMs = horizonMs;
    }

    /** Gives the held jobs' and the takeover times' stores a changelog offset (see {@link ChangelogMarks}). */
    public void markChangelogs() {
        ChangelogMarks.mark(held);
        ChangelogMarks.mark(counters);
    }

    /**
     * Rebuilds the held jobs' index and depth from the held jobs when the task starts, and deletes what earlier
     * versions kept beside the takeover times (the counters, now in memory). Returns the held jobs found.
     */
    public long rebuildIndex() {
        long jobs = 0;
        try (KeyValueIterator<String, Job> entries = held.all()) {
            while (entries.hasNext()) {
                final Job job = entries.next().value;
                if (job == null) continue;
                index.put(indexKey(job), job.getJobKey());
                depth.addDepth(laneOf.apply(job.getType()), job, Counters.HELD_STATE, 1);
                jobs++;
            }
        }
        final List<String> formerCounters = new ArrayList<>();
        try (KeyValueIterator<String, Long> entries = counters.all()) {
            entries.forEachRemaining(entry -> {
                if (!entry.key.startsWith(TAKEOVER)) formerCounters.add(entry.key);
            });
        }
        formerCounters.forEach(counters::delete);
        return jobs;
    }

    /** Whether {@code job} belongs to another DC that this one has not taken over up to the job's creation. */
    public boolean isHeldBack(final Job job) {
        return !topics.isLocal(job.getSourceTopic())
                && job.getCreatedAt() > takeoverTime(JobQueueTopics.dcOf(job.getSourceTopic()));
    }

    public Job held(final String jobKey) {
        return held.get(jobKey);
    }

    public void hold(final Job job) {
        held.put(job.getJobKey(), job);
        index.put(indexKey(job), job.getJobKey());
        depth.addDepth(laneOf.apply(job.getType()), job, Counters.HELD_STATE, 1);
    }

    public void remove(final Job job) {
        held.delete(job.getJobKey());
        index.delete(indexKey(job));
        depth.addDepth(laneOf.apply(job.getType()), job, Counters.HELD_STATE, -1);
    }

    /** Records that this DC takes over {@code dc}'s jobs created up to {@code time}. */
    public void takeOver(final String dc, final long time) {
        if (time > takeoverTime(dc)) counters.put(TAKEOVER + dc, time);
    }

    public long takeoverTime(final String dc) {
        final Long time = counters.get(TAKEOVER + dc);
        return time == null ? Long.MIN_VALUE : time;
    }

    /** Whether {@code job} is too old to hold: a replay is the way to bring such jobs back. */
    public boolean isBeyondHorizon(final Job job, final long now) {
        return job.getCreatedAt() <= now - horizonMs;
    }

    /**
     * Takes the held jobs that a takeover covers out of the index and hands them to {@code admit}, and those beyond the
     * horizon to {@code expire}: at most {@code limit} in all, oldest first.
     */
    public void tick(final long now, final Consumer<Job> admit, final Consumer<Job> expire) {
        int budget = limit;
        for (final String dc : remoteDcs) {
            final long takeover = takeoverTime(dc);
            for (final Job job : scan(dc, Math.max(takeover, now - horizonMs), budget)) {
                remove(job);
                (job.getCreatedAt() <= takeover ? admit : expire).accept(job);
                budget--;
            }
        }
    }

    /**
     * Up to {@code max} held jobs of {@code dc} created up to {@code createdUpTo}. The scan starts where the last one
     * stopped: everything before it is gone, and nothing is held behind it (a job older than the horizon or covered by
     * a takeover is not held), so RocksDB need not step over the same tombstones at every tick.
     */
    private List<Job> scan(final String dc, final long createdUpTo, final int max) {
        final List<Job> jobs = new ArrayList<>();
        final Bytes from = cursors.getOrDefault(dc, HeldKeys.dcPrefix(dc));
        final Bytes to = HeldKeys.createdAfter(dc, createdUpTo);
        if (max <= 0 || from.compareTo(to) >= 0) return jobs;
        Bytes last = null;
        try (KeyValueIterator<Bytes, String> entries = index.range(from, to)) {
            while (jobs.size() < max && entries.hasNext()) {
                final KeyValue<Bytes, String> entry = entries.next();
                last = entry.key;
                final Job job = held.get(entry.value);
                if (job != null) jobs.add(job);
                else index.delete(entry.key);
            }
        }
        cursors.put(dc, jobs.size() < max ? to : last);
        return jobs;
    }

    private static Bytes indexKey(final Job job) {
        return HeldKeys.held(JobQueueTopics.dcOf(job.getSourceTopic()), job.getCreatedAt(), job.getJobKey());
    }
}
