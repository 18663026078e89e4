package org.jobqueue.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.admin.AdminServer;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's checks before it reads or changes anything, over a real admin server. */
class ApiHandlerTest {
    private static final String TOKEN = "the-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private AdminServer admin;

    @AfterEach
    void stop() {
        if (admin != null) admin.close();
    }

    @Test
    void shouldRefuseAChangeWithoutTheToken() throws Exception {
        // Given an API with a token
        final String api = serve(AdminToken.from(null, Map.of(AdminToken.ENVIRONMENT_VARIABLE, TOKEN)));

        // When / Then: no header, another token, another scheme
        assertThat(post(api + "pause", "{\"type\":\"refreshLinks\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(post(api + "pause", "{\"type\":\"refreshLinks\"}", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        final HttpResponse<String> basic = post(api + "pause", "{\"type\":\"refreshLinks\"}", "Basic " + TOKEN);
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(basic.body()).doesNotContain(TOKEN);
    }

    @Test
    void shouldRefuseEveryChangeWhenNoTokenIsSet() throws Exception {
        // Given an API without a token
        final String api = serve(AdminToken.none());

        // When
        final HttpResponse<String> response = post(api + "pause", "{\"type\":\"refreshLinks\"}", "Bearer ");

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("no admin token is set");
    }

    @Test
    void shouldRefuseAFieldTheCommandDoesNotTake() throws Exception {
        // Given
        final String api = serve(AdminToken.from(null, Map.of(AdminToken.ENVIRONMENT_VARIABLE, TOKEN)));

        // When the body tries to pass the config file of the command
        final HttpResponse<String> response = post(api + "pause", "{\"config\":\"/etc/passwd\"}", "Bearer " + TOKEN);

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiJson.MAPPER.readTree(response.body()).path("error").asText())
                .contains("unknown field 'config'");
    }

    @Test
    void shouldRefuseABodyThatIsNotJson() throws Exception {
        // Given
        final String api = serve(AdminToken.from(null, Map.of(AdminToken.ENVIRONMENT_VARIABLE, TOKEN)));

        // When
        final HttpResponse<String> response = post(api + "drop", "type=refreshLinks", "Bearer " + TOKEN);

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not JSON");
    }

    @Test
    void shouldNameWhatAReadLacks() throws Exception {
        // Given
        final String api = serve(AdminToken.none());

        // When / Then
        assertThat(error(get(api + "jobs?state=ready"))).isEqualTo("'type' is required");
        assertThat(error(get(api + "jobs?type=refreshLinks&state=running"))).contains("running");
        assertThat(error(get(api + "jobs?type=refreshLinks&state=ready&limit=0")))
                .isEqualTo("limit must be 1 to 1000, got '0'");
        assertThat(get(api + "nothing-here").statusCode()).isEqualTo(404);
        assertThat(post(api + "queue", "{}", null).statusCode()).isEqualTo(404);
    }

    private String serve(final AdminToken token) throws Exception {
        final Path configFile = Files.writeString(dir.resolve("jobqueue.yaml"), "dc: eqiad\n");
        admin = AdminServer.start("127.0.0.1", 0, new MetricRegistry(), () -> AdminServer.Health.of("RUNNING", true));
        final HostInfo self = new HostInfo("127.0.0.1", admin.port());
        admin.serve(
                ApiHandler.PATH,
                new ApiHandler(
                        new Deployment(null, JobQueueConfig.of("eqiad"), self),
                        null,
                        new SteerEndpoints(configFile, "127.0.0.1:9092"),
                        token,
                        System::currentTimeMillis));
        return "http://127.0.0.1:" + admin.port() + ApiHandler.PATH;
    }

    private static String error(final HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        final JsonNode body = ApiJson.MAPPER.readTree(response.body());
        return body.path("error").asText();
    }

    private static HttpResponse<String> get(final String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(final String url, final String body, final String authorization)
            throws Exception {
        final HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) request.header("Authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
