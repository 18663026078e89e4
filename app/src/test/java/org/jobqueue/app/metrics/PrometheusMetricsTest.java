package org.jobqueue.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.metrics.LatencyTimer;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {
    private static final JobQueueConfig CONFIG = JobQueueConfig.of("eqiad")
            .withTypes(Map.of("refreshLinks", new TypeConfig("high", null, null, null, null)));

    @Test
    void shouldLabelJobCountersWithTypeLaneOutcomeAndDc() throws IOException {
        // Given
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        metrics.count("refreshLinks", Outcome.OK);
        metrics.count("refreshLinks", Outcome.OK);
        metrics.count("cdnPurge", Outcome.DEAD_LETTERED);
        // When
        final List<String> text = lines(metrics.registry());
        // Then
        assertThat(text)
                .contains("# TYPE jobqueue_jobs_total counter")
                .contains("jobqueue_jobs_total{dc=\"eqiad\",lane=\"high\",outcome=\"ok\",type=\"refreshLinks\"} 2.0")
                .contains(
                        "jobqueue_jobs_total{dc=\"eqiad\",lane=\"normal\",outcome=\"dead_lettered\",type=\"cdnPurge\"} 1.0");
    }

    @Test
    void shouldLeaveOutTheTotalsOverTypesButKeepUntypedInvalidInputs() throws IOException {
        // Given
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        metrics.count("cdnPurge", Outcome.RECEIVED);
        metrics.countInvalid();
        // When
        final List<String> text = lines(metrics.registry());
        // Then
        assertThat(text)
                .contains("jobqueue_jobs_total{dc=\"eqiad\",outcome=\"invalid\"} 1.0")
                .noneMatch(line -> line.startsWith("jobqueue_jobs_total{dc=\"eqiad\",outcome=\"received\"}"));
        assertThat(text.stream().filter(line -> line.startsWith("jobqueue_jobs_total{") && line.contains("received")))
                .containsExactly(
                        "jobqueue_jobs_total{dc=\"eqiad\",lane=\"normal\",outcome=\"received\",type=\"cdnPurge\"} 1.0");
    }

    @Test
    void shouldLabelDeduplicationReasonsAndFanout() throws IOException {
        // Given
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        metrics.countDeduplicated("refreshLinks", "sha1-waiting");
        metrics.countFanout("htmlCacheUpdate", "leaves-emitted", 5);
        // When
        final List<String> text = lines(metrics.registry());
        // Then
        assertThat(text)
                .contains(
                        "jobqueue_jobs_total{dc=\"eqiad\",lane=\"high\",outcome=\"deduplicated\",type=\"refreshLinks\"} 1.0")
                .contains("jobqueue_jobs_deduplicated_total{dc=\"eqiad\",lane=\"high\",reason=\"sha1_waiting\","
                        + "type=\"refreshLinks\"} 1.0")
                .contains("jobqueue_fanout_total{dc=\"eqiad\",event=\"leaves_emitted\",lane=\"normal\","
                        + "type=\"htmlCacheUpdate\"} 5.0")
                .contains("jobqueue_fanout_expansions_running{dc=\"eqiad\"} 0.0");
    }

    @Test
    void shouldLabelPeriodicCountersBySchedule() throws IOException {
        // Given
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        metrics.countPeriodic("dispatchChanges", "fired", 2);
        metrics.countPeriodic("dispatchChanges", "caught-up", 1);
        // When
        final List<String> text = lines(metrics.registry());
        // Then
        assertThat(text)
                .contains("jobqueue_periodic_total{dc=\"eqiad\",event=\"fired\",schedule=\"dispatchChanges\"} 2.0")
                .contains("jobqueue_periodic_total{dc=\"eqiad\",event=\"caught_up\",schedule=\"dispatchChanges\"} 1.0")
                .noneMatch(line -> line.startsWith("jobqueue_periodic_fired"));
    }

    @Test
    void shouldExposeLaneGaugesAndReleaseDelaysPerLane() throws IOException {
        // Given
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        metrics.reportLaneSize("0_1", "low", new JobQueueMetrics.LaneSize(4, 2, 1));
        metrics.firstReleased("low", 1_000, 3_500);
        // When
        final List<String> text = lines(metrics.registry());
        // Then
        assertThat(text)
                .contains("jobqueue_lane_jobs{dc=\"eqiad\",lane=\"low\",state=\"ready\"} 4.0")
                .contains("jobqueue_lane_jobs{dc=\"eqiad\",lane=\"low\",state=\"delayed\"} 2.0")
                .contains("jobqueue_lane_jobs{dc=\"eqiad\",lane=\"low\",state=\"in_flight\"} 1.0")
                .noneMatch(line -> line.contains("state=\"waiting\""))
                .contains("# TYPE jobqueue_release_delay_seconds histogram")
                .contains("jobqueue_release_delay_seconds_bucket{dc=\"eqiad\",lane=\"low\",le=\"1.0\"} 0")
                .contains("jobqueue_release_delay_seconds_bucket{dc=\"eqiad\",lane=\"low\",le=\"2.5\"} 1")
                .contains("jobqueue_release_delay_seconds_bucket{dc=\"eqiad\",lane=\"low\",le=\"+Inf\"} 1")
                .contains("jobqueue_release_delay_seconds_count{dc=\"eqiad\",lane=\"low\"} 1")
                .contains("jobqueue_release_delay_seconds_sum{dc=\"eqiad\",lane=\"low\"} 2.5");
    }

    @Test
    void shouldExposeExecutorMetricsPerLane() throws IOException {
        // Given the names LaneMetrics registers
        final MetricRegistry registry = new MetricRegistry();
        registry.counter("jobqueue.executor.normal.ok").inc(7);
        registry.counter("jobqueue.executor.normal.throttled").inc(2);
        registry.counter("jobqueue.executor.normal.result-write-failures").inc();
        registry.gauge("jobqueue.executor.normal.in-flight", () -> () -> 3);
        registry.timer("jobqueue.executor.normal.duration", LatencyTimer::new).update(Duration.ofMillis(250));
        registry.timer("jobqueue.executor.normal.start-delay", LatencyTimer::new)
                .update(Duration.ofMillis(40));
        // When
        final List<String> text = lines(registry);
        // Then
        assertThat(text)
                .contains("jobqueue_executor_results_total{dc=\"eqiad\",lane=\"normal\",status=\"ok\"} 7.0")
                .contains("jobqueue_executor_throttled_total{dc=\"eqiad\",lane=\"normal\"} 2.0")
                .contains("jobqueue_executor_result_write_failures_total{dc=\"eqiad\",lane=\"normal\"} 1.0")
                .contains("jobqueue_executor_in_flight{dc=\"eqiad\",lane=\"normal\"} 3.0")
                .contains("jobqueue_executor_call_seconds_bucket{dc=\"eqiad\",lane=\"normal\",le=\"0.25\"} 1")
                .contains("jobqueue_executor_call_seconds_bucket{dc=\"eqiad\",lane=\"normal\",le=\"0.1\"} 0")
                .contains("jobqueue_executor_start_delay_seconds_bucket{dc=\"eqiad\",lane=\"normal\",le=\"0.05\"} 1")
                .contains("jobqueue_executor_start_delay_seconds_sum{dc=\"eqiad\",lane=\"normal\"} 0.04");
    }

    @Test
    void shouldEscapeLabelValues() throws IOException {
        // Given a type name no validation should let through
        final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
        metrics.count("odd\"type\\with\nnewline", Outcome.RECEIVED);
        // When
        final List<String> text = lines(metrics.registry());
        // Then
        assertThat(text)
                .contains("jobqueue_jobs_total{dc=\"eqiad\",lane=\"normal\",outcome=\"received\","
                        + "type=\"odd\\\"type\\\\with\\nnewline\"} 1.0");
    }

    @Test
    void shouldKeepAMetricItDoesNotKnowUnderItsSanitizedName() throws IOException {
        // Given
        final MetricRegistry registry = new MetricRegistry();
        registry.counter("jobqueue.something-new.count").inc(4);
        registry.gauge("jobqueue.standby.lag", () -> () -> 12L);
        // When
        final List<String> text = lines(registry);
        // Then
        assertThat(text)
                .contains("jobqueue_something_new_count_total{dc=\"eqiad\"} 4.0")
                .contains("jobqueue_standby_lag_records{dc=\"eqiad\"} 12.0");
    }

    @Test
    void shouldAddTheJvmMetrics() throws IOException {
        assertThat(text(new MetricRegistry())).contains("\njvm_memory_used_bytes{");
    }

    static List<String> lines(final MetricRegistry registry) throws IOException {
        return text(registry).lines().toList();
    }

    static String text(final MetricRegistry registry) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init()
                .getPrometheusTextFormatWriter()
                .write(out, PrometheusMetrics.of(registry, CONFIG).scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
