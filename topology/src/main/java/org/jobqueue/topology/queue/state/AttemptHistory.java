package org.jobqueue.topology.queue.state;

import java.util.ArrayList;
import java.util.List;
import org.jobqueue.schemas.Attempt;

/**
 * A job's attempts as the queue keeps them: the first and the latest, at most {@link #MAX_KEPT} in all, and the count
 * of those left out between. A wiki that stays read-only retries a job without spending its attempts, for as long as it
 * stays read-only: its history must not grow without bound in the store, the commands and the dead letter.
 */
public record AttemptHistory(List<Attempt> kept, int notKept) {
    public static final int MAX_KEPT = 20;
    /** No attempt made. */
    public static final AttemptHistory NONE = new AttemptHistory(List.of(), 0);

    public AttemptHistory {
        kept = List.copyOf(kept);
    }

    /** How many attempts were made in all. */
    public int total() {
        return kept.size() + notKept;
    }

    /** This history and then {@code attempt}: the oldest but the first leaves once {@link #MAX_KEPT} are kept. */
    public AttemptHistory plus(final Attempt attempt) {
        final List<Attempt> next = new ArrayList<>(kept);
        next.add(attempt);
        if (next.size() <= MAX_KEPT) return new AttemptHistory(next, notKept);
        next.remove(1);
        return new AttemptHistory(next, notKept + 1);
    }
}
