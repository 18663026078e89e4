package org.jobqueue.app.rates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last samples of this instance's counters, oldest first, at most {@code capacity} of them: a bounded ring in
 * memory, lost on restart. {@link #series} turns consecutive samples into counts per interval.
 */
public final class RateRing {
    private final int capacity;
    private final long intervalMs;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateRing(final int capacity, final long intervalMs) {
        if (capacity < 2) throw new IllegalArgumentException("capacity must be 2 or more, got " + capacity);
        this.capacity = capacity;
        this.intervalMs = intervalMs;
    }

    /** Keeps {@code counts} as sampled at {@code timeMs}, forgetting the oldest sample when full. */
    public synchronized void add(final long timeMs, final Map<String, Long> counts) {
        if (samples.size() == capacity) samples.removeFirst();
        samples.addLast(new Sample(timeMs, Map.copyOf(counts)));
    }

    /** What each counter grew by between consecutive samples, each interval stamped with its end, aligned. */
    public RateSeries series() {
        final List<Sample> copy;
        synchronized (this) {
            copy = new ArrayList<>(samples);
        }
        final RateSeries.Builder series = new RateSeries.Builder(intervalMs);
        for (int i = 1; i < copy.size(); i++) {
            final Sample before = copy.get(i - 1);
            final Sample after = copy.get(i);
            series.add(RateSeries.align(after.timeMs(), intervalMs), deltas(before, after));
        }
        return series.build();
    }

    private static Map<String, Long> deltas(final Sample before, final Sample after) {
        final Map<String, Long> deltas = new TreeMap<>();
        after.counts().forEach((name, count) -> {
            // A counter registered since the last sample started at zero.
            final long delta = count - before.counts().getOrDefault(name, 0L);
            if (delta > 0) deltas.put(name, delta);
        });
        return deltas;
    }

    private record Sample(long timeMs, Map<String, Long> counts) {}
}
