package org.jobqueue.app.executor;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.ResultStatus;

/**
 * One lane's executor metrics: counters {@code jobqueue.executor.<lane>.ok|retryable|fatal} (results written), timer
 * {@code jobqueue.executor.<lane>.duration} (of the calls) and gauge {@code jobqueue.executor.<lane>.in-flight}.
 */
final class LaneMetrics {
    private final MetricRegistry registry;
    private final String prefix;
    private final Map<ResultStatus, Counter> results = new EnumMap<>(ResultStatus.class);
    // This lane's own counts, for stats(): the registry's counters may be shared with an earlier instance.
    private final Map<ResultStatus, LongAdder> ownResults = new EnumMap<>(ResultStatus.class);
    private final Timer duration;
    private final AtomicInteger inFlight = new AtomicInteger();

    LaneMetrics(final MetricRegistry registry, final Priority lane) {
        this.registry = registry;
        this.prefix = MetricRegistry.name("jobqueue", "executor", lane.name().toLowerCase(Locale.ROOT));
        for (final ResultStatus status : ResultStatus.values()) {
            results.put(status, registry.counter(MetricRegistry.name(prefix, status.name())));
            ownResults.put(status, new LongAdder());
        }
        this.duration = registry.timer(MetricRegistry.name(prefix, "duration"));
        registry.gauge(inFlightName(), () -> (Gauge<Integer>) inFlight::get);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    /** A result was written. */
    void recorded(final JobResult result) {
        results.get(result.getStatus()).inc();
        ownResults.get(result.getStatus()).increment();
        duration.update(result.getDurationMs(), TimeUnit.MILLISECONDS);
    }

    int inFlight() {
        return inFlight.get();
    }

    long count(final ResultStatus status) {
        return ownResults.get(status).sum();
    }

    /** Removes the gauge, which reads this object; the counters and the timer stay for the registry's reporters. */
    void unregister() {
        registry.remove(inFlightName());
    }

    private String inFlightName() {
        return MetricRegistry.name(prefix, "in-flight");
    }
}
