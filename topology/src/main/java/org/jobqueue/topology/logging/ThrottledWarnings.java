package org.jobqueue.topology.logging;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * WARN lines of one kind (dead letters, invalid events), at most {@code limit} per {@code interval}, so that a flood
 * of bad jobs does not flood the log: the rest of an interval's lines are counted, and the first line of a later
 * interval is preceded by one that says how many were suppressed. Shared by every stream thread.
 */
public final class ThrottledWarnings {
    private final Logger log;
    private final String kind;
    private final int limit;
    private final long intervalMs;
    private final LongSupplier clock;

    private long intervalStart = Long.MIN_VALUE;
    private int logged;
    private long suppressed;

    public ThrottledWarnings(
            final Logger log, final String kind, final int limit, final Duration interval, final LongSupplier clock) {
        if (limit < 1) throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
        this.log = log;
        this.kind = kind;
        this.limit = limit;
        this.intervalMs = interval.toMillis();
        this.clock = clock;
    }

    /** At most {@code limit} lines of {@code kind} a minute, on the wall clock. */
    public static ThrottledWarnings perMinute(final Logger log, final String kind, final int limit) {
        return new ThrottledWarnings(log, kind, limit, Duration.ofMinutes(1), System::currentTimeMillis);
    }

    /** Logs {@code format} with {@code arguments} at WARN, unless this interval's lines are used up. */
    public synchronized void warn(final String format, final Object... arguments) {
        if (!log.isWarnEnabled()) return;
        final long now = clock.getAsLong();
        if (intervalStart == Long.MIN_VALUE || now - intervalStart >= intervalMs) startInterval(now);
        if (logged < limit) {
            logged++;
            log.warn(format, arguments);
        } else {
            suppressed++;
        }
    }

    private void startInterval(final long now) {
        if (suppressed > 0) {
            log.warn(
                    "suppressed {} more {} warnings (at most {} every {} s)",
                    suppressed,
                    kind,
                    limit,
                    intervalMs / 1000);
        }
        intervalStart = now;
        logged = 0;
        suppressed = 0;
    }
}
