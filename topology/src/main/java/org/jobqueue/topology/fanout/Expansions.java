package org.jobqueue.topology.fanout;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.Job;
import org.jobqueue.topology.stores.ChangelogMarks;

/**
 * The expansions in progress in one partition, one per recursive job, keyed by {@code target | 0x00 | event id}; served
 * in turn, a bounded number at a time, each continuing after the one served last.
 */
final class Expansions {
    private static final int PER_TURN = 64;

    private final KeyValueStore<String, Expansion> store;
    private String resumeAfter;
    private long running;

    Expansions(final ProcessingContext context) {
        this.store = context.getStateStore(FanoutStores.EXPANSIONS);
        this.running = countAll();
    }

    /** Starts expanding {@code job} over {@code target}'s backlinks; returns false if it is already expanding. */
    boolean start(final String target, final Job job, final long now) {
        final String key = target + '\u0000' + job.getEventId();
        if (store.get(key) != null) return false;
        store.put(
                key,
                new Expansion(
                        job,
                        job.getFanout().getTable(),
                        job.getFanout().getTargetNamespace(),
                        job.getFanout().getTargetTitle(),
                        job.getFanout().getRangeStart(),
                        0L,
                        0L,
                        now));
        running++;
        return true;
    }

    void advance(final String key, final Expansion expansion) {
        store.put(key, expansion);
    }

    /** Removes a finished or dropped expansion. */
    void remove(final String key) {
        store.delete(key);
        running--;
    }

    long running() {
        return running;
    }

    /** Up to {@link #PER_TURN} expansions, continuing after the one {@linkplain #served served} last. */
    List<KeyValue<String, Expansion>> inTurn() {
        final List<KeyValue<String, Expansion>> next = new ArrayList<>();
        collect(resumeAfter == null ? null : resumeAfter + '\u0000', null, next);
        if (resumeAfter != null) collect(null, resumeAfter, next);
        return next;
    }

    void served(final String key) {
        resumeAfter = key;
    }

    /** Gives the store a changelog offset (see {@link ChangelogMarks}). */
    void markChangelog() {
        ChangelogMarks.mark(store);
    }

    // Each expansion at most once per turn, so that no step works from a cursor a previous step has moved.
    private void collect(final String from, final String to, final List<KeyValue<String, Expansion>> into) {
        try (KeyValueIterator<String, Expansion> entries = store.range(from, to)) {
            while (into.size() < PER_TURN && entries.hasNext()) {
                final KeyValue<String, Expansion> entry = entries.next();
                if (into.stream().noneMatch(taken -> taken.key.equals(entry.key))) into.add(entry);
            }
        }
    }

    // Once per task start: expansions in progress are few (one per recursive job being expanded).
    private long countAll() {
        long count = 0;
        try (KeyValueIterator<String, Expansion> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }
}
