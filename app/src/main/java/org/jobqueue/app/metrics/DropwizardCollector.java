package org.jobqueue.app.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jobqueue.topology.metrics.LatencyTimer;

/**
 * The metrics of a Dropwizard registry, the source of truth, as Prometheus families (see {@link DropwizardNames}), each
 * series labelled with the data centre. A {@link LatencyTimer} becomes a histogram in seconds; other timers become
 * summaries in seconds and histograms unitless summaries, with the quantiles of their reservoirs.
 */
final class DropwizardCollector implements MultiCollector {
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99, 0.999};
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final MetricRegistry registry;
    private final DropwizardNames names;
    private final String dc;

    /** @param dc the value of every series' {@code dc} label; null: no such label */
    DropwizardCollector(final MetricRegistry registry, final DropwizardNames names, final String dc) {
        this.registry = registry;
        this.names = names;
        this.dc = dc;
    }

    @Override
    public MetricSnapshots collect() {
        final Families families = new Families();
        registry.getCounters().forEach((name, counter) -> counter(families, name, counter));
        registry.getGauges().forEach((name, gauge) -> gauge(families, name, gauge));
        registry.getMeters().forEach((name, meter) -> meter(families, name, meter));
        registry.getTimers().forEach((name, timer) -> timer(families, name, timer));
        registry.getHistograms().forEach((name, histogram) -> histogram(families, name, histogram));
        return families.snapshots();
    }

    private void counter(final Families families, final String name, final Counter counter) {
        seriesOf(name).ifPresent(series -> families.counter(series, counter.getCount()));
    }

    private void meter(final Families families, final String name, final Meter meter) {
        seriesOf(name).ifPresent(series -> families.counter(series, meter.getCount()));
    }

    private void gauge(final Families families, final String name, final Gauge<?> gauge) {
        final Object value = gauge.getValue();
        final Optional<Double> number = value instanceof Number numeric
                ? Optional.of(numeric.doubleValue())
                : value instanceof Boolean bool ? Optional.of(bool ? 1.0 : 0.0) : Optional.empty();
        number.ifPresent(present -> seriesOf(name).ifPresent(series -> families.gauge(series, present)));
    }

    private void timer(final Families families, final String name, final Timer timer) {
        seriesOf(name).ifPresent(series -> {
            if (timer instanceof LatencyTimer latency) {
                families.histogram(series, latency.buckets());
            } else {
                families.summary(series, timer.getCount(), quantiles(timer.getSnapshot(), NANOS_PER_SECOND));
            }
        });
    }

    private void histogram(final Families families, final String name, final Histogram histogram) {
        seriesOf(name)
                .ifPresent(series ->
                        families.summary(series, histogram.getCount(), quantiles(histogram.getSnapshot(), 1.0)));
    }

    private Optional<Series> seriesOf(final String name) {
        final Optional<Series> series = names.seriesOf(name);
        return dc == null ? series : series.map(found -> found.with("dc", dc));
    }

    private static Quantiles quantiles(final Snapshot snapshot, final double divisor) {
        final Quantiles.Builder quantiles = Quantiles.builder();
        for (final double quantile : QUANTILES) {
            quantiles.quantile(new Quantile(quantile, snapshot.getValue(quantile) / divisor));
        }
        return quantiles.build();
    }
}
