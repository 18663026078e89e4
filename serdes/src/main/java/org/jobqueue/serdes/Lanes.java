package org.jobqueue.serdes;

import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobTrace;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.QueuedJob;

/**
 * The lane of a record: its {@code lane}, or for a record written before lanes had names, its {@code priority} (one
 * of the three lanes there were).
 */
public final class Lanes {
    private Lanes() {}

    public static String of(final QueuedJob queued) {
        return of(queued.getLane(), queued.getPriority());
    }

    public static String of(final InFlightJob inFlight) {
        return of(inFlight.getLane(), inFlight.getPriority());
    }

    public static String of(final JobCommand command) {
        return of(command.getLane(), command.getPriority());
    }

    public static String of(final JobTrace trace) {
        return of(trace.getLane(), trace.getPriority());
    }

    /** The lane a rule applies to, or null for every lane. */
    public static String of(final ControlRule rule) {
        if (rule.getLaneName() != null) return rule.getLaneName();
        return rule.getLane() == null ? null : rule.getLane().name();
    }

    private static String of(final String lane, final Priority priority) {
        if (lane != null) return lane;
        if (priority == null) throw new IllegalStateException("a record with neither a lane nor a priority");
        return priority.name();
    }
}
