package org.jobqueue.app.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jobqueue.topology.metrics.LatencyTimer;

/**
 * The series of one scrape, gathered into families: each family has one kind (counter, gauge, summary or histogram) and at most
 * one series per label set; a series that would break either rule is left out.
 */
final class Families {
    private enum Kind {
        COUNTER,
        GAUGE,
        SUMMARY,
        HISTOGRAM
    }

    private record Summary(long count, Quantiles quantiles) {}

    private record Family(Kind kind, Map<Labels, Object> points) {}

    private final Map<String, Family> families = new TreeMap<>();

    void counter(final Series series, final double value) {
        add(Kind.COUNTER, counterName(series.family()), series.labels(), value);
    }

    void gauge(final Series series, final double value) {
        add(Kind.GAUGE, series.family(), series.labels(), value);
    }

    void summary(final Series series, final long count, final Quantiles quantiles) {
        add(Kind.SUMMARY, series.family(), series.labels(), new Summary(count, quantiles));
    }

    void histogram(final Series series, final LatencyTimer.Buckets buckets) {
        add(Kind.HISTOGRAM, series.family(), series.labels(), buckets);
    }

    MetricSnapshots snapshots() {
        final List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((name, family) -> snapshots.add(snapshotOf(name, family)));
        return new MetricSnapshots(snapshots);
    }

    private void add(final Kind kind, final String name, final Labels labels, final Object point) {
        final Family family = families.computeIfAbsent(name, n -> new Family(kind, new LinkedHashMap<>()));
        if (family.kind() == kind) family.points().putIfAbsent(labels, point);
    }

    // The text formats add _total to a counter's name themselves.
    private static String counterName(final String family) {
        return family.endsWith("_total") ? family.substring(0, family.length() - "_total".length()) : family;
    }

    private static MetricSnapshot snapshotOf(final String name, final Family family) {
        final String help = Help.of(name);
        return switch (family.kind()) {
            case COUNTER -> counterOf(name, help, family.points());
            case GAUGE -> gaugeOf(name, help, family.points());
            case SUMMARY -> summaryOf(name, help, family.points());
            case HISTOGRAM -> histogramOf(name, help, family.points());
        };
    }

    private static MetricSnapshot counterOf(final String name, final String help, final Map<Labels, Object> points) {
        final CounterSnapshot.Builder counter =
                CounterSnapshot.builder().name(name).help(help);
        points.forEach((labels, value) -> counter.dataPoint(CounterDataPointSnapshot.builder()
                .labels(labels)
                .value((Double) value)
                .build()));
        return counter.build();
    }

    private static MetricSnapshot gaugeOf(final String name, final String help, final Map<Labels, Object> points) {
        final GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        points.forEach((labels, value) -> gauge.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(labels)
                .value((Double) value)
                .build()));
        return gauge.build();
    }

    private static MetricSnapshot summaryOf(final String name, final String help, final Map<Labels, Object> points) {
        final SummarySnapshot.Builder summary =
                SummarySnapshot.builder().name(name).help(help);
        points.forEach((labels, point) -> {
            final Summary value = (Summary) point;
            summary.dataPoint(SummaryDataPointSnapshot.builder()
                    .labels(labels)
                    .count(value.count())
                    .quantiles(value.quantiles())
                    .build());
        });
        return summary.build();
    }

    private static MetricSnapshot histogramOf(final String name, final String help, final Map<Labels, Object> points) {
        final HistogramSnapshot.Builder histogram =
                HistogramSnapshot.builder().name(name).help(help);
        points.forEach((labels, point) -> {
            final LatencyTimer.Buckets buckets = (LatencyTimer.Buckets) point;
            histogram.dataPoint(HistogramDataPointSnapshot.builder()
                    .labels(labels)
                    .classicHistogramBuckets(
                            ClassicHistogramBuckets.of(LatencyTimer.UPPER_BOUNDS_SECONDS, buckets.counts()))
                    .sum(buckets.sumSeconds())
                    .build());
        });
        return histogram.build();
    }
}
