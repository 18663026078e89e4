package org.jobqueue.app.rates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per interval: {@code timesMs} the end of each interval (aligned to {@code intervalMs}, so that the series of
 * several instances add up), and per counter ({@code jobs.ok}, {@code type.refreshLinks.received}) how much it grew in
 * each interval, in the order of {@code timesMs}.
 */
public record RateSeries(long intervalMs, List<Long> timesMs, Map<String, List<Long>> counts) {
    public RateSeries {
        timesMs = List.copyOf(timesMs);
        counts = Map.copyOf(counts);
    }

    static long align(final long timeMs, final long intervalMs) {
        return Math.round((double) timeMs / intervalMs) * intervalMs;
    }

    /** The sum of several instances' series, interval by interval. */
    public static RateSeries sum(final long intervalMs, final Collection<RateSeries> all) {
        final Builder sum = new Builder(intervalMs);
        for (final RateSeries series : all) {
            for (int i = 0; i < series.timesMs().size(); i++) {
                final int at = i;
                final Map<String, Long> counts = new TreeMap<>();
                series.counts().forEach((name, values) -> counts.put(name, values.get(at)));
                sum.add(series.timesMs().get(i), counts);
            }
        }
        return sum.build();
    }

    /** The counts of {@code name} per interval, zeros where it did not grow. */
    public List<Long> of(final String name) {
        return counts.getOrDefault(name, timesMs.stream().map(time -> 0L).toList());
    }

    static final class Builder {
        private final long intervalMs;
        private final TreeMap<Long, Map<String, Long>> byTime = new TreeMap<>();

        Builder(final long intervalMs) {
            this.intervalMs = intervalMs;
        }

        void add(final long timeMs, final Map<String, Long> counts) {
            final Map<String, Long> at = byTime.computeIfAbsent(timeMs, time -> new TreeMap<>());
            counts.forEach((name, count) -> at.merge(name, count, Long::sum));
        }

        RateSeries build() {
            final List<Long> times = new ArrayList<>(byTime.keySet());
            final Map<String, List<Long>> counts = new TreeMap<>();
            byTime.values().forEach(at -> at.keySet().forEach(name -> counts.putIfAbsent(name, new ArrayList<>())));
            counts.forEach((name, values) -> byTime.values().forEach(at -> values.add(at.getOrDefault(name, 0L))));
            return new RateSeries(intervalMs, times, counts);
        }
    }
}
