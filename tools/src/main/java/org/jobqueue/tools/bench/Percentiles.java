package org.jobqueue.tools.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of longs. */
record Percentiles(long count, long p50, long p99, long p999, long max) {
    static Percentiles of(final long[] sample) {
        if (sample.length == 0) return new Percentiles(0, -1, -1, -1, -1);
        final long[] sorted = sample.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999), sorted[sorted.length - 1]);
    }

    private static long rank(final long[] sorted, final double quantile) {
        final int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
