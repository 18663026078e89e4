package org.jobqueue.app.admin;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A registry's metrics as plain maps, for JSON: counters and gauges by name, timers as counts and percentiles. */
final class MetricsJson {
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private MetricsJson() {}

    static Map<String, Object> of(final MetricRegistry registry) {
        final Map<String, Object> all = new LinkedHashMap<>();
        final Map<String, Long> counters = new TreeMap<>();
        registry.getCounters().forEach((name, counter) -> counters.put(name, counter.getCount()));
        final Map<String, Object> gauges = new TreeMap<>();
        registry.getGauges().forEach((name, gauge) -> gauges.put(name, gauge.getValue()));
        final Map<String, Object> timers = new TreeMap<>();
        registry.getTimers().forEach((name, timer) -> timers.put(name, timer(timer)));
        all.put("counters", counters);
        all.put("gauges", gauges);
        all.put("timers", timers);
        return all;
    }

    private static Map<String, Object> timer(final Timer timer) {
        final Snapshot snapshot = timer.getSnapshot();
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("count", timer.getCount());
        values.put("p50_ms", snapshot.getMedian() / NANOS_PER_MILLI);
        values.put("p99_ms", snapshot.get99thPercentile() / NANOS_PER_MILLI);
        values.put("max_ms", snapshot.getMax() / NANOS_PER_MILLI);
        return values;
    }
}
