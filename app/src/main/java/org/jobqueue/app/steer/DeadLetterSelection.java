package org.jobqueue.app.steer;

import java.time.Instant;
import java.util.function.Predicate;
import org.jobqueue.schemas.DeadLetter;

/** Which dead letters a command takes: by event id or job key, by type, dead since a time; null matches all. */
record DeadLetterSelection(String id, String type, Instant since) implements Predicate<DeadLetter> {
    @Override
    public boolean test(final DeadLetter letter) {
        return (id == null || id.equals(letter.getEventId()) || id.equals(letter.getJobKey()))
                && (type == null || type.equals(letter.getType()))
                && (since == null || letter.getDeadAt() >= since.toEpochMilli());
    }

    /** {@code of type refreshLinks dead since 2026-12-02T15:00:00Z}, or empty for all. */
    String text() {
        return (id == null ? "" : " with event id or job key " + id)
                + (type == null ? "" : " of type " + type)
                + (since == null ? "" : " dead since " + since);
    }
}
