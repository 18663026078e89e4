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
}
