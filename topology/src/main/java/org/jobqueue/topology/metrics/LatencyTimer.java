package org.jobqueue.topology.metrics;

import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Dropwizard timer that also counts its updates into fixed buckets and keeps their sum, so that Prometheus can be
 * given a histogram: buckets add up across instances, where a reservoir's quantiles do not. JMX and the JSON form
 * keep the reservoir's quantiles.
 */
public final class LatencyTimer extends Timer {
    /** The buckets' upper bounds, in seconds: from 5 ms to an hour (a delayed job's wait may be longer: +Inf). */
    public static final double[] UPPER_BOUNDS_SECONDS = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, Double.POSITIVE_INFINITY
    };

    private static final long[] UPPER_BOUNDS_NANOS = Arrays.stream(UPPER_BOUNDS_SECONDS)
            .mapToLong(seconds -> Double.isInfinite(seconds) ? Long.MAX_VALUE : (long) (seconds * 1e9))
            .toArray();

    private final LongAdder[] counts =
            Arrays.stream(UPPER_BOUNDS_NANOS).mapToObj(bound -> new LongAdder()).toArray(LongAdder[]::new);
    private final LongAdder sumNanos = new LongAdder();

    /** What the buckets hold now: {@code counts[i]} updates fell in bucket i (not cumulative). */
    public record Buckets(long[] counts, double sumSeconds) {}

    @Override
    public void update(final long duration, final TimeUnit unit) {
        super.update(duration, unit);
        count(unit.toNanos(duration));
    }

    @Override
    public void update(final Duration duration) {
        super.update(duration);
        count(duration.toNanos());
    }

    public Buckets buckets() {
        final long[] now = Arrays.stream(counts).mapToLong(LongAdder::sum).toArray();
        return new Buckets(now, sumNanos.sum() / 1e9);
    }

    private void count(final long nanos) {
        if (nanos < 0) return;
        int bucket = 0;
        while (nanos > UPPER_BOUNDS_NANOS[bucket]) bucket++;
        counts[bucket].increment();
        sumNanos.add(nanos);
    }
}
