package org.jobqueue.topology.queue;

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
}
