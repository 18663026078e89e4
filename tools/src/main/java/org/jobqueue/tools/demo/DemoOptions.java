package org.jobqueue.tools.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * What the demo does.
 *
 * @param jobs how many records to produce
 * @param backlinks how many backlinks of the edited template to seed, which its recursive jobs fan out over
 * @param duration the longest the demo waits for every job to be accounted for, counted from its start
 * @param keepRunning whether to keep everything up after the summary, until the process is stopped
 * @param seed the seed of the job stream: one seed, one stream
 */
public record DemoOptions(int jobs, int backlinks, Duration duration, boolean keepRunning, long seed) {
    public static final long DEFAULT_SEED = 20_180_601L;

    public DemoOptions {
        if (jobs < DemoPlanner.MINIMUM_JOBS)
            throw new IllegalArgumentException("--jobs must be " + DemoPlanner.MINIMUM_JOBS + " or more, got " + jobs);
        if (backlinks < 0) throw new IllegalArgumentException("--backlinks must be 0 or more, got " + backlinks);
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero())
            throw new IllegalArgumentException("--duration must be more than 0");
    }
}
