package org.jobqueue.topology.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * How far the queue's tasks in this instance have read behind the leaves that the fan-out emitted: leaves share the
 * queue's input with every other job, so a backlog of them there holds up a high-lane job that arrives behind them,
 * and the expansions pause while the oldest leaf not yet read has waited longer than {@code queue.max_leaf_wait}.
 *
 * <p>The queue's input is written in time order, so a record read with timestamp {@code t} means that what was
 * written before {@code t} has been read, leaves included; a replay's old timestamps do not move it back. It is what
 * this instance sees: with its queue tasks elsewhere (none registered here) the fan-out is not paced.
 */
public final class LeafFlow {
    private final Set<String> readers = new HashSet<>();
    private long newestRead = Long.MIN_VALUE;
    private long newestEmitted = Long.MIN_VALUE;
    private long firstUnread = Long.MIN_VALUE;

    /** A queue task of this instance started reading. */
    public synchronized void readerStarted(final String task) {
        readers.add(task);
    }

    public synchronized void readerStopped(final String task) {
        readers.remove(task);
    }

    /** A queue task read a job record of time {@code timestamp} at {@code now}. */
    public synchronized void read(final long timestamp, final long now) {
        newestRead = Math.max(newestRead, Math.min(timestamp, now));
    }

    /** The fan-out emitted leaves stamped {@code timestamp}. */
    public synchronized void emitted(final long timestamp) {
        if (newestEmitted <= newestRead) firstUnread = timestamp;
        newestEmitted = Math.max(newestEmitted, timestamp);
    }

    /** How long the oldest leaf not yet read has waited at {@code now}; 0 when all are read or none is tracked. */
    public synchronized long unreadWait(final long now) {
        if (readers.isEmpty() || newestEmitted <= newestRead) return 0;
        return Math.max(0, now - Math.max(firstUnread, newestRead));
    }
}
