package org.jobqueue.topology.stores;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the time windows may see of a time that came from outside (a record's timestamp, a {@code meta.dt}, an
 * executor's clock): at most the wall clock plus {@code queue.max_clock_skew}. A window store expires its old segments
 * by the newest time put into it, so one record stamped a year ahead would otherwise expire every event id and every
 * execution remembered, and let replays and sha1 twins run again.
 */
public final class ClockSkew {
    private final LongSupplier wallClock;
    private final long maxSkewMs;

    public ClockSkew(final LongSupplier wallClock, final Duration maxSkew) {
        this.wallClock = wallClock;
        this.maxSkewMs = maxSkew.toMillis();
    }

    /** {@code time}, or the latest time the windows accept now if it is later. */
    public long clamp(final long time) {
        return Math.min(time, wallClock.getAsLong() + maxSkewMs);
    }
}
