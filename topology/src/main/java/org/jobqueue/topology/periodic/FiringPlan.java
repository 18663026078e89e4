package org.jobqueue.topology.periodic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jobqueue.topology.config.CatchUp;
import org.jobqueue.topology.config.Periods;

/**
 * What one schedule does for one wiki at one tick: the period to fire, if any, the period handled up to, and what it
 * counts. The due period is the latest that started by now; the periods after the last one handled and before it were
 * missed (nothing ran the schedule then), and the catch-up policy decides about them.
 *
 * @param fire the period to fire, or null
 * @param handled the latest period handled after this tick
 * @param overlaps the periods skipped because the previous job was still waiting or in flight
 * @param caughtUp 1 if {@code fire} is a catch-up firing
 */
public record FiringPlan(Long fire, long handled, int overlaps, int caughtUp) {

    static FiringPlan nothing(final long handled) {
        return new FiringPlan(null, handled, 0, 0);
    }

    /**
     * The plan at {@code now}, for a schedule that handled periods up to {@code handled} (null: never) and whose previous
     * job is {@code busy} (still waiting or in flight).
     */
    public static FiringPlan at(
            final Periods periods,
            final CatchUp catchUp,
            final int maxCatchUp,
            final Long handled,
            final long now,
            final boolean busy) {
        final long due = periods.startAtOrBefore(now);
        if (due == Long.MIN_VALUE) return nothing(handled != null ? handled : Long.MIN_VALUE);
        if (handled == null) return busy ? new FiringPlan(null, due, 1, 0) : new FiringPlan(due, due, 0, 0);
        if (due <= handled) return nothing(handled);
        final List<Long> pending = pending(periods, handled, due, catchUp == CatchUp.ALL ? Math.max(2, maxCatchUp) : 2);
        final boolean missed = pending.size() > 1;
        if (busy) {
            // Catching up on every missed period runs them one after another, not side by side.
            if (missed && catchUp == CatchUp.ALL) return nothing(handled);
            return new FiringPlan(null, due, pending.size(), 0);
        }
        if (!missed) return new FiringPlan(due, due, 0, 0);
        return switch (catchUp) {
            case NONE -> nothing(due);
            case ONE -> new FiringPlan(due, due, 0, 1);
            case ALL -> new FiringPlan(pending.get(0), pending.get(0), 0, 1);
        };
    }

    /** The periods after {@code handled} up to {@code due}, oldest first: at most the newest {@code limit}. */
    private static List<Long> pending(final Periods periods, final long handled, final long due, final int limit) {
        final List<Long> newestFirst = new ArrayList<>();
        for (long period = due; period > handled && newestFirst.size() < limit; period = periods.previous(period)) {
            newestFirst.add(period);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
