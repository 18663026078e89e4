package org.jobqueue.app.steer;

import java.time.Instant;
import org.jobqueue.schemas.DeadLetter;

/** One dead letter in one line: dead-at, type, database, event id, reason, attempts; two spaces apart. */
final class DeadLetterLine {
    private DeadLetterLine() {}

    static String of(final DeadLetter letter) {
        return String.join(
                "  ",
                Instant.ofEpochMilli(letter.getDeadAt()).toString(),
                letter.getType(),
                letter.getDatabase(),
                letter.getEventId(),
                letter.getReason().replaceAll("\\R", " "),
                "attempts=" + attempts(letter));
    }

    /** Every attempt made: those kept and those left out. */
    static int attempts(final DeadLetter letter) {
        return letter.getAttempts().size() + letter.getAttemptsNotKept();
    }
}
