package org.jobqueue.app.steer;

import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.Priority;
import org.jobqueue.serdes.ControlKeys;

/** What a rule applies to: a lane, or a type (on every database, or on one). */
record Scope(Priority lane, String type, String database) {
    /** The control topic's key of this scope's rule of {@code action}. */
    String key(final ControlAction action) {
        return ControlKeys.of(action, lane, type, database);
    }

    /** The scope as the commands print it: {@code lane=low}, {@code type=refreshLinks database=enwiki}. */
    String text() {
        return textOf(key(ControlAction.pause), ControlAction.pause);
    }

    /** The scope part of a control key: the key without its action. */
    static String textOf(final String key, final ControlAction action) {
        return key.substring(action.name().length()).trim();
    }
}
