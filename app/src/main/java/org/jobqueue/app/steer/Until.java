package org.jobqueue.app.steer;

import java.time.Instant;

/** The {@code --until} of a rule: none, or a time still to come. */
final class Until {
    private Until() {}

    static Instant of(final SteerCommand command, final String text) {
        if (text == null) return null;
        final Instant until = command.time(text, SteerTime.Direction.AHEAD, "--until");
        if (!until.isAfter(command.now())) {
            throw command.usage(
                    "--until '" + text + "' is " + until + ", which has passed: the rule would never apply");
        }
        return until;
    }
}
