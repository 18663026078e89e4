package org.jobqueue.app.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.apache.kafka.streams.KafkaStreams;
import org.jobqueue.topology.config.JobDefaults;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * What a process's {@code /metrics} exposes in Prometheus' formats: its Dropwizard registry translated into labelled
 * families (the registry stays the source of truth, and what JMX reports), the JVM's metrics, and, for an instance, the
 * depth of its queue partitions read at each scrape.
 */
public final class PrometheusMetrics {
    private final MetricRegistry dropwizard;
    private final PrometheusRegistry prometheus = new PrometheusRegistry();
    private final String dc;

    private PrometheusMetrics(final MetricRegistry dropwizard, final DropwizardNames names, final String dc) {
        this.dropwizard = dropwizard;
        this.dc = dc;
        prometheus.register(new DropwizardCollector(dropwizard, names, dc));
        JvmMetrics.builder().register(prometheus);
    }

    /** The metrics of a process configured by {@code config}: labelled with its DC, each type with its lane. */
    public static PrometheusMetrics of(final MetricRegistry dropwizard, final JobQueueConfig config) {
        return new PrometheusMetrics(dropwizard, new DropwizardNames(config::priorityOf), config.dc());
    }

    /** The metrics of {@code dropwizard} with no DC label, each type in the default lane. */
    public static PrometheusMetrics of(final MetricRegistry dropwizard) {
        return new PrometheusMetrics(dropwizard, new DropwizardNames(type -> JobDefaults.DEFAULT.priority()), null);
    }

    /** Exposes the depth of the queue partitions {@code streams} owns, from now on. */
    public void exposeQueueDepths(final KafkaStreams streams, final JobQueueConfig config) {
        prometheus.register(
                new QueueDepthCollector(new LocalQueueDepths(streams, config), dc, System::currentTimeMillis));
    }

    /** The registry whose metrics these are, for the JSON layout. */
    public MetricRegistry dropwizard() {
        return dropwizard;
    }

    public MetricSnapshots scrape() {
        return prometheus.scrape();
    }
}
