package org.jobqueue.topology.queue.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.QueuedJob;

/**
 * A scan of every waiting job by job key, at most {@code limit} a turn, each turn resuming where the last one stopped
 * and starting over after the last key.
 */
public final class WaitingScan {
    private final KeyValueStore<String, QueuedJob> waiting;
    private final int limit;
    private String from;

    WaitingScan(final KeyValueStore<String, QueuedJob> waiting, final int limit) {
        this.waiting = waiting;
        this.limit = limit;
    }

    public List<QueuedJob> next() {
        final List<QueuedJob> jobs = new ArrayList<>();
        try (KeyValueIterator<String, QueuedJob> entries = waiting.range(from, null)) {
            while (jobs.size() < limit && entries.hasNext()) jobs.add(entries.next().value);
            from = entries.hasNext() ? entries.peekNextKey() : null;
        }
        return jobs;
    }
}
