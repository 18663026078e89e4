package org.jobqueue.tools.bench;

/**
 * A running total rebuilt from a sampled rate. Kafka Streams keeps no totals of state store operations, only rates
 * over its sample windows ({@code metrics.sample.window.ms}); a rate sampled more often than its window, summed as
 * rate times the time since the previous sample, gives the total to within a window's worth at the edges.
 */
final class RateIntegral {
    private long lastMillis = -1;
    private double total;

    /** Adds the rate per second seen at {@code millis}, which holds since the previous sample. */
    void add(final long millis, final double perSecond) {
        if (lastMillis >= 0 && millis > lastMillis && perSecond > 0)
            total += perSecond * (millis - lastMillis) / 1000.0;
        lastMillis = Math.max(lastMillis, millis);
    }

    double total() {
        return total;
    }
}
