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
            final HttpResponse<String> response = get(admin, "/metrics");
            // Then
            assertThat(response.statusCode()).isEqualTo(200);
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
        final URI uri = URI.create("http://127.0.0.1:" + admin.port() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
