package org.jobqueue.app.executor;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.topology.metrics.LatencyTimer;

/**
 * One lane's executor metrics, under {@code jobqueue.executor.<lane>}: counters {@code ok|retryable|fatal} (results
 * written), {@code throttled} (throttling answers, called again after a wait), {@code kept} (failed calls kept for a
 * call after the circuit closes), {@code circuit-opened} and {@code result-write-failures}; timers {@code duration} (of
 * the calls) and {@code start-delay} (from a command's release to its first call); gauges {@code in-flight} (commands taken and not finished) and {@code circuit-open} (1 while open).
 */
final class LaneMetrics {
    private final MetricRegistry registry;
    private final String prefix;
    private final Map<ResultStatus, Counter> results = new EnumMap<>(ResultStatus.class);
    // This lane's own counts, for stats(): the registry's counters may be shared with an earlier instance.
    private final Map<ResultStatus, LongAdder> ownResults = new EnumMap<>(ResultStatus.class);
    private final Timer duration;
    private final Timer startDelay;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger circuitOpen = new AtomicInteger();
    private final Counter throttled;
    private final Counter kept;
    private final Counter circuitOpened;
    private final Counter writeFailures;

    LaneMetrics(final MetricRegistry registry, final String lane) {
        this.registry = registry;
        this.prefix = MetricRegistry.name("jobqueue", "executor", lane);
        for (final ResultStatus status : ResultStatus.values()) {
            results.put(status, registry.counter(MetricRegistry.name(prefix, status.name())));
            ownResults.put(status, new LongAdder());
        }
        this.duration = registry.timer(MetricRegistry.name(prefix, "duration"), LatencyTimer::new);
        this.startDelay = registry.timer(MetricRegistry.name(prefix, "start-delay"), LatencyTimer::new);
        this.throttled = registry.counter(MetricRegistry.name(prefix, "throttled"));
        this.kept = registry.counter(MetricRegistry.name(prefix, "kept"));
        this.circuitOpened = registry.counter(MetricRegistry.name(prefix, "circuit-opened"));
        this.writeFailures = registry.counter(MetricRegistry.name(prefix, "result-write-failures"));
        registry.gauge(inFlightName(), () -> (Gauge<Integer>) inFlight::get);
        registry.gauge(circuitOpenName(), () -> (Gauge<Integer>) circuitOpen::get);
    }

    void throttled() {
        throttled.inc();
    }

    void kept() {
        kept.inc();
    }

    void circuit(final boolean open) {
        if (open && circuitOpen.getAndSet(1) == 0) circuitOpened.inc();
        if (!open) circuitOpen.set(0);
    }

    void resultNotWritten() {
        writeFailures.inc();
    }

    /** A command released at {@code releasedAt} (epoch ms) called for the first time at {@code now}. */
    void firstCalled(final long releasedAt, final long now) {
        startDelay.update(Math.max(0, now - releasedAt), TimeUnit.MILLISECONDS);
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

    /** Removes the gauges, which read this object; the counters and the timer stay for the registry's reporters. */
    void unregister() {
        registry.remove(inFlightName());
        registry.remove(circuitOpenName());
    }

    private String circuitOpenName() {
        return MetricRegistry.name(prefix, "circuit-open");
    }

    private String inFlightName() {
        return MetricRegistry.name(prefix, "in-flight");
    }
}
