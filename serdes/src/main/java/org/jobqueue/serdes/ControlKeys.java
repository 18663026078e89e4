package org.jobqueue.serdes;

import java.util.Locale;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;

/**
 * Keys of the control topic: one rule per action and scope, so that writing a rule again replaces it and a tombstone
 * under the same key removes it. For example {@code pause lane=low}, {@code drop type=refreshLinks database=enwiki}.
 */
public final class ControlKeys {
    private ControlKeys() {}

    public static String of(final ControlRule rule) {
        return of(rule.getAction(), Lanes.of(rule), rule.getType(), rule.getDatabase());
    }

    public static String of(final ControlAction action, final String lane, final String type, final String database) {
        final StringBuilder key = new StringBuilder(action.name().toLowerCase(Locale.ROOT));
        if (lane != null) key.append(" lane=").append(lane);
        if (type != null) key.append(" type=").append(type);
        if (database != null) key.append(" database=").append(database);
        return key.toString();
    }
}
