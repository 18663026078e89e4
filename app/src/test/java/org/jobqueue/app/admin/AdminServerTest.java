package org.jobqueue.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jobqueue.app.metrics.PrometheusMetrics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeCountersGaugesAndTimersAsJson() throws Exception {
        // Given
        final MetricRegistry registry = new MetricRegistry();
        registry.counter("jobqueue.jobs.ok").inc(3);
        registry.gauge("jobqueue.lane.high.waiting", () -> () -> 7L);
        registry.timer("jobqueue.executor.call").update(Duration.ofMillis(250));
        try (AdminServer admin =
                AdminServer.start("127.0.0.1", 0, registry, () -> AdminServer.Health.of("RUNNING", true))) {
            // When
            final HttpResponse<String> response = get(admin, "/metrics", "application/json");
            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            final JsonNode metrics = new ObjectMapper().readTree(response.body());
            assertThat(metrics.path("counters")
                            .path("jobqueue.jobs.ok")
                            .path("count")
                            .asLong())
                    .isEqualTo(3);
            assertThat(metrics.path("gauges")
                            .path("jobqueue.lane.high.waiting")
                            .path("value")
                            .asLong())
                    .isEqualTo(7);
            final JsonNode timer = metrics.path("timers").path("jobqueue.executor.call");
            assertThat(timer.path("count").asLong()).isEqualTo(1);
            assertThat(timer.path("p99").asDouble()).isEqualTo(250.0);
            assertThat(timer.path("duration_units").asText()).isEqualTo("milliseconds");
        }
    }

    @Test
    void shouldServePrometheusTextByDefault() throws Exception {
        // Given
        final MetricRegistry registry = new MetricRegistry();
        registry.counter("jobqueue.type.refreshLinks.ok").inc(3);
        try (AdminServer admin = AdminServer.start(
                "127.0.0.1", 0, PrometheusMetrics.of(registry, JobQueueConfig.of("eqiad")), AdminServerTest::healthy)) {
            // When curl asks
            final HttpResponse<String> response = get(admin, "/metrics", "*/*");
            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body().lines())
                    .contains("# TYPE jobqueue_jobs_total counter")
                    .contains(
                            "jobqueue_jobs_total{dc=\"eqiad\",lane=\"normal\",outcome=\"ok\",type=\"refreshLinks\"} 3.0");
        }
    }

    @Test
    void shouldServeOpenMetricsWhenAskedFor() throws Exception {
        // Given
        final MetricRegistry registry = new MetricRegistry();
        registry.counter("jobqueue.type.refreshLinks.ok").inc(3);
        try (AdminServer admin = AdminServer.start("127.0.0.1", 0, registry, AdminServerTest::healthy)) {
            // When Prometheus asks
            final HttpResponse<String> response = get(
                    admin,
                    "/metrics",
                    "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1");
            // Then
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/openmetrics-text");
            assertThat(response.body().lines())
                    .contains("jobqueue_jobs_total{lane=\"normal\",outcome=\"ok\",type=\"refreshLinks\"} 3.0")
                    .endsWith("# EOF");
        }
    }

    @Test
    void shouldRefuseAnythingButGetOnMetrics() throws Exception {
        try (AdminServer admin = AdminServer.start("127.0.0.1", 0, new MetricRegistry(), AdminServerTest::healthy)) {
            final URI uri = URI.create("http://127.0.0.1:" + admin.port() + "/metrics");
            final HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void shouldAnswer503WhileUnhealthy() throws Exception {
        // Given
        try (AdminServer admin =
                AdminServer.start("127.0.0.1", 0, new MetricRegistry(), () -> AdminServer.Health.of("ERROR", false))) {
            // When
            final HttpResponse<String> response = get(admin, "/health");
            // Then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("ERROR");
        }
    }

    @Test
    void shouldAnswerLiveButNotReadyWhileRestoring() throws Exception {
        // Given a process that works but restores its state
        final AdminServer.Health restoring =
                new AdminServer.Health("RUNNING", false, true, List.of("restoring 2 stores"));
        try (AdminServer admin = AdminServer.start("127.0.0.1", 0, new MetricRegistry(), () -> restoring)) {
            // When
            final HttpResponse<String> health = get(admin, "/health");
            final HttpResponse<String> live = get(admin, "/live");

            // Then
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper()
                            .readTree(health.body())
                            .path("reasons")
                            .get(0)
                            .asText())
                    .isEqualTo("restoring 2 stores");
            assertThat(live.statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(final AdminServer admin, final String path) throws Exception {
        return get(admin, path, null);
    }

    private HttpResponse<String> get(final AdminServer admin, final String path, final String accept) throws Exception {
        final URI uri = URI.create("http://127.0.0.1:" + admin.port() + path);
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (accept != null) request.header("Accept", accept);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AdminServer.Health healthy() {
        return AdminServer.Health.of("RUNNING", true);
    }
}
