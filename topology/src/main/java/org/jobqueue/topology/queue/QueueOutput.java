package org.jobqueue.topology.queue;

import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.JobCommand;

/** What the queue emits: a command for an executor, or a dead letter. */
public sealed interface QueueOutput permits QueueOutput.Command, QueueOutput.Dead {
    record Command(JobCommand command) implements QueueOutput {}

    record Dead(DeadLetter letter) implements QueueOutput {}

    static QueueOutput command(final JobCommand command) {
        return new Command(command);
    }

    static QueueOutput deadLetter(final DeadLetter letter) {
        return new Dead(letter);
    }

    /** A command's record: keyed by its job key, at its release time. */
    static Record<String, QueueOutput> record(final JobCommand command) {
        return new Record<>(command.getJobKey(), command(command), command.getReleasedAt());
    }

    /** A dead letter's record: keyed by its job key, at {@code time}. */
    static Record<String, QueueOutput> record(final DeadLetter letter, final long time) {
        return new Record<>(letter.getJobKey(), deadLetter(letter), time);
    }
}
