package org.jobqueue.app.steer;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jobqueue.schemas.DeadLetter;

/** Keeps the {@code limit} newest of the dead letters offered (by dead-at), and counts them all. */
final class NewestDeadLetters {
    private static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparingLong(DeadLetter::getDeadAt);

    private final int limit;
    private final PriorityQueue<DeadLetter> newest = new PriorityQueue<>(OLDEST_FIRST);
    private long offered;

    NewestDeadLetters(final int limit) {
        this.limit = limit;
    }

    void offer(final DeadLetter letter) {
        offered++;
        newest.add(letter);
        if (newest.size() > limit) newest.poll();
    }

    /** The newest kept, oldest first. */
    List<DeadLetter> oldestFirst() {
        return newest.stream().sorted(OLDEST_FIRST).toList();
    }

    long offered() {
        return offered;
    }
}
