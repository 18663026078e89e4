package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JobCallerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String EXECUTOR_ID = "jobrunner1001:4242";

    private TestEndpoint endpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = TestEndpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void shouldReportOkWithTheResponseExcerptOn200() throws Exception {
        // Given an endpoint that runs the job
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, 200, "{\"status\":true}\n"));

        // When a command is called
        final JobResult result = call(Commands.command("c-200"));

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.ok);
        assertThat(result.getReadonly()).isFalse();
        assertThat(result.getHttpStatus()).isEqualTo(200);
        assertThat(result.getMessage()).isEqualTo("{\"status\":true}");
    }

    @Test
    void shouldReportOkWithoutAMessageOn204() throws Exception {
        // Given an endpoint that answers 204 No Content
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, 204, ""));

        // When
        final JobResult result = call(Commands.command("c-204"));

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.ok);
        assertThat(result.getHttpStatus()).isEqualTo(204);
        assertThat(result.getMessage()).isNull();
    }

    @Test
    void shouldReportRetryableOn500() throws Exception {
        // Given an endpoint whose job failed
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, 500, "Job failed:\nDB error"));

        // When
        final JobResult result = call(Commands.command("c-500"));

        // Then the message is the body on one line
        assertThat(result.getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(result.getReadonly()).isFalse();
        assertThat(result.getHttpStatus()).isEqualTo(500);
        assertThat(result.getMessage()).isEqualTo("Job failed: DB error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True"})
    void shouldReportReadonlyRetryableWhenTheWikiIsReadOnly(final String headerValue) throws Exception {
        // Given an endpoint in a read-only window (RunSingleJob.php answers 5xx with X-Readonly: true)
        endpoint.respondWith((exchange, body) -> {
            exchange.getResponseHeaders().add("x-readonly", headerValue);
            TestEndpoint.answer(exchange, 503, "read-only");
        });

        // When
        final JobResult result = call(Commands.command("c-readonly"));

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(result.getReadonly()).isTrue();
        assertThat(result.getHttpStatus()).isEqualTo(503);
    }

    @Test
    void shouldReportPlainRetryableOn503WithoutTheReadonlyHeader() throws Exception {
        // Given an endpoint that is overloaded, not read-only
        endpoint.respondWith((exchange, body) -> {
            exchange.getResponseHeaders().add("X-Readonly", "false");
            TestEndpoint.answer(exchange, 503, "busy");
        });

        // When
        final JobResult result = call(Commands.command("c-503"));

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(result.getReadonly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void shouldReportAThrottlingAnswerWithTheWaitItAsksFor(final int httpStatus) throws Exception {
        // Given an endpoint that asks to be called again in 7 s
        endpoint.respondWith((exchange, body) -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            TestEndpoint.answer(exchange, httpStatus, "slow down");
        });

        // When
        final JobCaller.Call call = callFully(Commands.command("c-" + httpStatus));

        // Then it is retryable, never fatal, and the executor learns how long to wait
        assertThat(call.outcome().kind()).isEqualTo(Outcome.Kind.THROTTLED);
        assertThat(call.outcome().retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(call.result().getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(call.result().getHttpStatus()).isEqualTo(httpStatus);
    }

    @Test
    void shouldReadARetryAfterGivenAsAnHttpDate() throws Exception {
        // Given a 429 whose Retry-After is a date 30 s ahead
        final String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        endpoint.respondWith((exchange, body) -> {
            exchange.getResponseHeaders().add("Retry-After", inThirtySeconds);
            TestEndpoint.answer(exchange, 429, "");
        });

        // When
        final JobCaller.Call call = callFully(Commands.command("c-429-date"));

        // Then
        assertThat(call.outcome().retryAfter())
                .hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
    }

    @Test
    void shouldReportA429WithoutRetryAfterAsThrottled() throws Exception {
        // Given
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, 429, "too many"));

        // When
        final JobCaller.Call call = callFully(Commands.command("c-429"));

        // Then
        assertThat(call.outcome().kind()).isEqualTo(Outcome.Kind.THROTTLED);
        assertThat(call.outcome().retryAfter()).isEmpty();
        assertThat(call.result().getStatus()).isEqualTo(ResultStatus.retryable);
    }

    @Test
    void shouldTakeA500WithJobExecutorsAnswerForTheJobsOwnFailure() throws Exception {
        // Given an endpoint that ran the job, which failed: RunSingleJob.php answers 500 with JobExecutor's JSON
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(
                exchange, 500, "{\"status\": false, \"readonly\": false, \"message\": \"Deadlock found\"}"));

        // When
        final JobCaller.Call call = callFully(Commands.command("c-job-failed"));

        // Then it is the job's failure (retryable), not the endpoint's
        assertThat(call.outcome().kind()).isEqualTo(Outcome.Kind.ANSWERED);
        assertThat(call.result().getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(call.result().getReadonly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void shouldReportAFailedEndpointAsRetryable(final int httpStatus) throws Exception {
        // Given an endpoint that fails without asking for a wait
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, httpStatus, "failed"));

        // When
        final JobCaller.Call call = callFully(Commands.command("c-" + httpStatus));

        // Then
        assertThat(call.outcome().kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(call.result().getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(call.result().getReadonly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 405, 422})
    void shouldReportFatalOnAClientError(final int httpStatus) throws Exception {
        // Given an endpoint that refuses the request
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, httpStatus, "refused"));

        // When
        final JobResult result = call(Commands.command("c-" + httpStatus));

        // Then retrying cannot help
        assertThat(result.getStatus()).isEqualTo(ResultStatus.fatal);
        assertThat(result.getReadonly()).isFalse();
        assertThat(result.getHttpStatus()).isEqualTo(httpStatus);
        assertThat(result.getMessage()).isEqualTo("refused");
    }

    @Test
    void shouldNotFollowARedirectAndReportItFatal() throws Exception {
        // Given an endpoint that redirects to another path on the same server
        final URI target = endpoint.uri("/elsewhere");
        endpoint.respondWith((exchange, body) -> {
            exchange.getResponseHeaders().add("Location", target.toString());
            TestEndpoint.answer(exchange, 301, "moved");
        });

        // When
        final JobResult result = call(Commands.command("c-301"));

        // Then the redirect is a misconfigured endpoint, and it was not followed
        assertThat(result.getStatus()).isEqualTo(ResultStatus.fatal);
        assertThat(result.getHttpStatus()).isEqualTo(301);
        assertThat(endpoint.received()).extracting(TestEndpoint.Received::path).containsExactly(TestEndpoint.JOB_PATH);
    }

    @Test
    void shouldReportRetryableWhenTheEndpointTakesLongerThanTheTimeout() throws Exception {
        // Given an endpoint that answers after 3 s, and a 300 ms timeout
        endpoint.respondWith((exchange, body) -> {
            sleep(Duration.ofSeconds(3));
            TestEndpoint.answer(exchange, 200, "too late");
        });
        final JobCaller caller = new JobCaller(endpoint.jobUri(), Duration.ofMillis(300), null, EXECUTOR_ID);

        // When
        final JobResult result = caller.call(Commands.command("c-slow"))
                .get(10, TimeUnit.SECONDS)
                .result();

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(result.getHttpStatus()).isNull();
        assertThat(result.getMessage()).isEqualTo("timed out after 300 ms");
        assertThat(result.getDurationMs()).isBetween(250L, 2_500L);
    }

    @Test
    void shouldReportRetryableWhenTheBodyStallsPastTheTimeout() throws Exception {
        // Given an endpoint that sends its headers at once, then stalls in the middle of the body
        endpoint.respondWith((exchange, body) -> {
            exchange.sendResponseHeaders(200, 100);
            final OutputStream out = exchange.getResponseBody();
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(Duration.ofSeconds(3));
        });
        final JobCaller caller = new JobCaller(endpoint.jobUri(), Duration.ofMillis(300), null, EXECUTOR_ID);

        // When
        final JobResult result = caller.call(Commands.command("c-stalled"))
                .get(10, TimeUnit.SECONDS)
                .result();

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(result.getHttpStatus()).isNull();
        assertThat(result.getMessage()).isEqualTo("timed out after 300 ms");
    }

    @Test
    void shouldReportRetryableWhenTheConnectionIsRefused() throws Exception {
        // Given a port that nothing listens on
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        final URI nowhere = URI.create("http://127.0.0.1:" + closedPort + TestEndpoint.JOB_PATH);
        final JobCaller caller = new JobCaller(nowhere, TIMEOUT, null, EXECUTOR_ID);

        // When
        final JobResult result = caller.call(Commands.command("c-refused"))
                .get(10, TimeUnit.SECONDS)
                .result();

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.retryable);
        assertThat(result.getHttpStatus()).isNull();
        assertThat(result.getMessage()).startsWith("ConnectException");
    }

    @Test
    void shouldPostTheEventVerbatimWithTheJobHeaders() throws Exception {
        // Given an event with unusual spacing and non-ASCII text, exactly as MediaWiki produced it
        final String event = "{ \"meta\" : {\"request_id\": \"req-42\", \"id\": \"e1\"},\n"
                + "  \"database\":\"dewiki\", \"type\":\"refreshLinks\", \"params\": {\"title\": \"Zürich\\/Ärger\"} }";

        // When it is called
        call(Commands.command("c-verbatim", event));

        // Then the body is the event, byte for byte, with the headers RunSingleJob.php expects
        final TestEndpoint.Received request = endpoint.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(TestEndpoint.JOB_PATH);
        assertThat(request.body()).isEqualTo(event.getBytes(StandardCharsets.UTF_8));
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("User-Agent")).isEqualTo("jobqueue");
        assertThat(request.headers().getFirst("X-Request-Id")).isEqualTo("req-42");
    }

    @Test
    void shouldSendNoRequestIdWhenTheEventHasNone() throws Exception {
        // Given an event without meta.request_id
        final String event = "{\"meta\":{\"id\":\"e1\"},\"database\":\"dewiki\",\"type\":\"refreshLinks\"}";

        // When
        call(Commands.command("c-no-request-id", event));

        // Then
        assertThat(endpoint.received().get(0).headers().containsKey("X-Request-Id"))
                .isFalse();
    }

    @Test
    void shouldSignTheEventWhenASecretIsConfigured() throws Exception {
        // Given a caller with a secret, and an event written with spaces
        final String secret = "s3cr3t-ké";
        final JobCaller caller = new JobCaller(endpoint.jobUri(), TIMEOUT, secret, EXECUTOR_ID);
        final String event = "{\"meta\": {\"request_id\": \"r1\"}, \"database\": \"dewiki\","
                + " \"type\": \"refreshLinks\", \"params\": {\"title\": \"A/B é\"}}";

        // When it is called
        caller.call(Commands.command("c-signed", event)).get(10, TimeUnit.SECONDS);

        // Then the body is the compact event plus the HMAC-SHA1 of that compact event
        final String compact =
                "{\"meta\":{\"request_id\":\"r1\"},\"database\":\"dewiki\",\"type\":\"refreshLinks\",\"params\":{\"title\":\"A/B é\"}}";
        final String expectedBody = compact.substring(0, compact.length() - 1) + ",\"mediawiki_signature\":\""
                + hmacSha1(secret, compact) + "\"}";
        assertThat(endpoint.received().get(0).body()).isEqualTo(expectedBody.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReportFatalWithoutCallingWhenAnEventCannotBeSigned() throws Exception {
        // Given a caller with a secret and an event that is not a JSON object
        final JobCaller caller = new JobCaller(endpoint.jobUri(), TIMEOUT, "secret", EXECUTOR_ID);

        // When
        final JobResult result = caller.call(Commands.command("c-unsignable", "[1,2]"))
                .get(10, TimeUnit.SECONDS)
                .result();

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.fatal);
        assertThat(result.getHttpStatus()).isNull();
        assertThat(result.getMessage()).contains("not a JSON object");
        assertThat(endpoint.received()).isEmpty();
    }

    @Test
    void shouldDescribeTheCommandAndTheCallInTheResult() throws Exception {
        // Given
        final JobCommand command = Commands.command("c-fields");
        final long before = System.currentTimeMillis();

        // When
        final JobResult result = call(command);

        // Then
        final long after = System.currentTimeMillis();
        assertThat(result.getCommandId()).isEqualTo("c-fields");
        assertThat(result.getJobKey()).isEqualTo(command.getJobKey());
        assertThat(result.getEventId()).isEqualTo(command.getEventId());
        assertThat(result.getType()).isEqualTo("refreshLinks");
        assertThat(result.getExecutor()).isEqualTo(EXECUTOR_ID);
        assertThat(result.getStartedAt()).isBetween(before, after);
        assertThat(result.getDurationMs()).isBetween(0L, after - before);
    }

    @Test
    void shouldKeepOnlyAOneLineExcerptOfALongBody() throws Exception {
        // Given an endpoint that answers with a long, multi-line body
        final String longBody = "line one\r\n\tline two\n" + "x".repeat(100_000);
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, 500, longBody));

        // When
        final JobResult result = call(Commands.command("c-long"));

        // Then
        assertThat(result.getMessage())
                .hasSize(300)
                .startsWith("line one line two xxx")
                .doesNotContain("\n");
    }

    private JobResult call(final JobCommand command) throws Exception {
        return callFully(command).result();
    }

    private JobCaller.Call callFully(final JobCommand command) throws Exception {
        final JobCaller caller = new JobCaller(endpoint.jobUri(), TIMEOUT, null, EXECUTOR_ID);
        return caller.call(command).get(10, TimeUnit.SECONDS);
    }

    static String hmacSha1(final String secret, final String text) throws GeneralSecurityException {
        final Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
