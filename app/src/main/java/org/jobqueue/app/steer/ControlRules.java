package org.jobqueue.app.steer;

import java.time.Instant;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;

/** Builds the rules the commands write. */
final class ControlRules {
    private ControlRules() {}

    static ControlRule of(
            final ControlAction action,
            final Scope scope,
            final Instant until,
            final boolean purge,
            final Instant now) {
        return ControlRule.newBuilder()
                .setAction(action)
                .setLane(scope.lane())
                .setType(scope.type())
                .setDatabase(scope.database())
                .setUntil(until == null ? null : until.toEpochMilli())
                .setPurge(purge)
                .setCreatedAt(now.toEpochMilli())
                .setCreatedBy(Operator.current())
                .build();
    }
}
