package org.jobqueue.app.steer;

import java.time.Instant;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.ControlKeys;

/** What a rule applies to: a lane, or a type (on every database, or on one). */
record Scope(String lane, String type, String database) {
    /** The control topic's key of this scope's rule of {@code action}. */
    String key(final ControlAction action) {
        return ControlKeys.of(action, lane, type, database);
    }

    /** This scope's rule of {@code action}, written at {@code now} by the operator running the command. */
    ControlRule rule(final ControlAction action, final Instant until, final boolean purge, final Instant now) {
        return ControlRule.newBuilder()
                .setAction(action)
                .setLaneName(lane)
                .setType(type)
                .setDatabase(database)
                .setUntil(until == null ? null : until.toEpochMilli())
                .setPurge(purge)
                .setCreatedAt(now.toEpochMilli())
                .setCreatedBy(Operator.current())
                .build();
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
