package org.jobqueue.tools.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.jobqueue.testing.JobEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MediaWikiStubTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MediaWikiStub stub;

    @AfterEach
    void stopStub() {
        if (stub != null) stub.close();
    }

    @Test
    void shouldExecuteAPostedJob() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());

        // When
        final HttpResponse<String> response =
                post(JobEvents.job("refreshLinks").id("e1").json());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":true}");
        assertThat(stub.executedEventIds()).containsExactly("e1");
        assertThat(stub.stats()).isEqualTo(new StubStats(1, 1, 0, 0, 0));
    }

    @Test
    void shouldAllowOnlyPost() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());

        // When
        final HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(stub.endpoint()).GET().build(), BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(stub.stats().rejected()).isEqualTo(1);
    }

    @Test
    void shouldRejectAnEmptyBody() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());

        // When
        final HttpResponse<String> response = post("");

        // Then
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("No event received.");
    }

    @Test
    void shouldRejectAnUnparseableBody() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());

        // When
        final HttpResponse<String> response = post("{\"database\": \"enwiki\",");

        // Then
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("not a JSON object");
    }

    @Test
    void shouldRejectAnEventWithoutDatabase() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());

        // When
        final HttpResponse<String> response = post("{\"type\":\"refreshLinks\",\"meta\":{\"id\":\"e1\"}}");

        // Then
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("no database");
        assertThat(stub.stats()).isEqualTo(new StubStats(1, 0, 0, 1, 0));
    }

    @Test
    void shouldFailEveryJobAtFailRateOne() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort().withFailRate(1.0));

        // When
        final HttpResponse<String> response =
                post(JobEvents.job("refreshLinks").id("e1").json());

        // Then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("\"status\":false");
        assertThat(response.headers().firstValue("X-Readonly")).isEmpty();
        assertThat(stub.executedEventIds()).isEmpty();
        assertThat(stub.stats().failed()).isEqualTo(1);
    }

    @Test
    void shouldAlwaysFailAJobThatAsksForIt() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());
        final String job = JobEvents.job("refreshLinks")
                .id("e1")
                .param("stub_fail", "always")
                .json();

        // When
        final int first = post(job).statusCode();
        final int second = post(job).statusCode();

        // Then
        assertThat(first).isEqualTo(500);
        assertThat(second).isEqualTo(500);
        assertThat(stub.executions("e1")).isZero();
    }

    @Test
    void shouldFailAJobOnceWhenItAsksForIt() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());
        final String job = JobEvents.job("refreshLinks")
                .id("e1")
                .param("stub_fail", "once")
                .json();

        // When
        final int first = post(job).statusCode();
        final int second = post(job).statusCode();

        // Then
        assertThat(first).isEqualTo(500);
        assertThat(second).isEqualTo(200);
        assertThat(stub.executions("e1")).isEqualTo(1);
    }

    @Test
    void shouldAnswerReadOnlyOnceWhenAJobAsksForIt() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());
        final String job = JobEvents.job("refreshLinks")
                .id("e1")
                .param("stub_fail", "readonly")
                .json();

        // When
        final HttpResponse<String> first = post(job);
        final HttpResponse<String> second = post(job);

        // Then
        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(first.headers().firstValue("X-Readonly")).hasValue("true");
        assertThat(first.body()).contains("\"readonly\":true");
        assertThat(second.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCountEventIdsExecutedMoreThanOnce() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort());

        // When
        post(JobEvents.job("refreshLinks").id("e1").json());
        post(JobEvents.job("refreshLinks").id("e1").json());
        post(JobEvents.job("refreshLinks").id("e2").json());

        // Then
        assertThat(stub.executionsById()).containsEntry("e1", 2).containsEntry("e2", 1);
        assertThat(stub.stats()).isEqualTo(new StubStats(3, 3, 0, 0, 1));
    }

    @Test
    void shouldWaitTheLatencyBeforeAnswering() throws Exception {
        // Given
        stub = MediaWikiStub.start(StubOptions.onFreePort().withLatency(Duration.ofMillis(300)));
        final long before = System.nanoTime();

        // When
        final HttpResponse<String> response =
                post(JobEvents.job("refreshLinks").id("e1").json());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldListenOnTheGivenPort() throws Exception {
        // Given a port that was free a moment ago
        final int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        // When
        stub = MediaWikiStub.start(new StubOptions(port, 0, Duration.ZERO, null, null));

        // Then
        assertThat(stub.port()).isEqualTo(port);
        assertThat(stub.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/rpc/RunSingleJob.php"));
    }

    private HttpResponse<String> post(final String body) throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(stub.endpoint())
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, BodyHandlers.ofString());
    }
}
