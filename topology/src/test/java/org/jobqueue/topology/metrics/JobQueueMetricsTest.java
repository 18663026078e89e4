package org.jobqueue.topology.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobQueueMetricsTest {
    @Test
    void shouldFindTheApplicationsInstanceInTheStreamsConfiguration() {
        // Given
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        // When
        final JobQueueMetrics found = JobQueueMetrics.from(Map.of(JobQueueMetrics.CONFIG_KEY, metrics));
        // Then
        assertThat(found).isSameAs(metrics);
    }

    @Test
    void shouldMakeOneOfItsOwnWhenTheConfigurationHasNone() {
        // When
        final JobQueueMetrics found = JobQueueMetrics.from(Map.of());
        // Then
        found.count("refreshLinks", JobQueueMetrics.Outcome.RECEIVED);
        assertThat(found.total(JobQueueMetrics.Outcome.RECEIVED)).isEqualTo(1);
    }

    @Test
    void shouldRejectAnotherKindOfValue() {
        assertThatThrownBy(() -> JobQueueMetrics.from(Map.of(JobQueueMetrics.CONFIG_KEY, "metrics")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(JobQueueMetrics.CONFIG_KEY);
    }

    @Test
    void shouldFoldTypesBeyondTheCapIntoOther() {
        // Given
        final MetricRegistry registry = new MetricRegistry();
        final JobQueueMetrics metrics = new JobQueueMetrics(registry);

        // When a flood of one-off type names arrives
        for (int i = 0; i < JobQueueMetrics.MAX_TYPES + 100; i++) {
            metrics.count("oneOff" + i, JobQueueMetrics.Outcome.RECEIVED);
        }

        // Then the first names have counters, the rest count as other, and every job counts in the total
        assertThat(registry.getCounters().keySet().stream().filter(name -> name.startsWith("jobqueue.type.")))
                .hasSize(JobQueueMetrics.MAX_TYPES + 1);
        assertThat(metrics.total("oneOff0", JobQueueMetrics.Outcome.RECEIVED)).isEqualTo(1);
        assertThat(metrics.total(JobQueueMetrics.OTHER_TYPE, JobQueueMetrics.Outcome.RECEIVED))
                .isEqualTo(100);
        assertThat(metrics.total(JobQueueMetrics.Outcome.RECEIVED)).isEqualTo(JobQueueMetrics.MAX_TYPES + 100);
    }
}
