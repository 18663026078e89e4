package org.jobqueue.topology.metrics;

import com.codahale.metrics.MetricRegistry;
import java.util.Objects;

/** jobqueue's counters and gauges, in a Dropwizard registry that the application reports (over JMX). */
public final class JobQueueMetrics {
    private final MetricRegistry registry;

    public JobQueueMetrics(final MetricRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public MetricRegistry registry() {
        return registry;
    }
}
