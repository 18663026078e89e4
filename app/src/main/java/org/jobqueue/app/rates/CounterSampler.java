package org.jobqueue.app.rates;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples this instance's job counters ({@code jobqueue.jobs.<outcome>} and {@code jobqueue.type.<type>.<outcome>})
 * every {@link #INTERVAL} into a {@link RateRing} of the last {@link #WINDOW}, for the page's rates and charts.
 */
public final class CounterSampler implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final Set<String> OUTCOMES =
            Set.of("received", "released", "ok", "retried", "dead-lettered", "deduplicated");
    private static final String PREFIX = "jobqueue.";

    private final MetricRegistry registry;
    private final LongSupplier clock;
    private final RateRing ring;
    private final ScheduledExecutorService timer;

    CounterSampler(final MetricRegistry registry, final LongSupplier clock, final ScheduledExecutorService timer) {
        this.registry = registry;
        this.clock = clock;
        this.ring = new RateRing((int) (WINDOW.toMillis() / INTERVAL.toMillis()) + 1, INTERVAL.toMillis());
        this.timer = timer;
    }

    /** Starts sampling {@code registry} now and every {@link #INTERVAL} on a daemon thread. */
    public static CounterSampler start(final MetricRegistry registry) {
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "jobqueue-rates");
            thread.setDaemon(true);
            return thread;
        });
        final CounterSampler sampler = new CounterSampler(registry, System::currentTimeMillis, timer);
        timer.scheduleAtFixedRate(sampler::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The counts per interval over the last {@link #WINDOW}. */
    public RateSeries series() {
        return ring.series();
    }

    void sample() {
        final Map<String, Long> counts = new TreeMap<>();
        registry.getCounters((name, metric) -> isSampled(name))
                .forEach((name, counter) -> counts.put(name.substring(PREFIX.length()), countOf(counter)));
        ring.add(clock.getAsLong(), counts);
    }

    static boolean isSampled(final String name) {
        if (!name.startsWith(PREFIX + "jobs.") && !name.startsWith(PREFIX + "type.")) return false;
        final String outcome = name.substring(name.lastIndexOf('.') + 1);
        return OUTCOMES.contains(outcome);
    }

    private static long countOf(final Counter counter) {
        return counter.getCount();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
