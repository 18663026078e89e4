package org.jobqueue.tools.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jobqueue.app.executor.EventSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MediaWikiStubSignatureTest {
    private static final String SECRET = "wgSecretKey-for-tests";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // What PHP's json_encode writes with FormatJson::ALL_OK: compact, slashes and UTF-8 as they are.
    private static final String UNSIGNED = "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{\"id\":\"e1\","
            + "\"dt\":\"2025-01-01T00:00:00Z\",\"stream\":\"mediawiki.job.refreshLinks\","
            + "\"uri\":\"https://de.wikipedia.org/wiki/Köln\"},\"database\":\"dewiki\",\"type\":\"refreshLinks\","
            + "\"params\":{\"namespace\":0,\"title\":\"Köln/Straßen\",\"pages\":{\"12\":[0,\"Köln\"]}}}";

    private MediaWikiStub stub;

    @BeforeEach
    void startStub() {
        stub = MediaWikiStub.start(StubOptions.onFreePort().withSecret(SECRET));
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void shouldExecuteAnEventSignedAsEventBusSignsIt() throws Exception {
        // Given
        final String signed = withSignature(UNSIGNED, hmacSha1(SECRET, UNSIGNED));

        // When
        final HttpResponse<String> response = post(signed);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stub.executedEventIds()).containsExactly("e1");
    }

    @Test
    void shouldVerifyTheEventWhateverItsWhitespaceAndEscapes() throws Exception {
        // Given the signed event, written with spaces and escaped slashes and umlauts
        final String signed = withSignature(UNSIGNED, hmacSha1(SECRET, UNSIGNED))
                .replace("/", "\\/")
                .replace("ö", "\\u00f6")
                .replace(",\"", ", \"")
                .replace("\":", "\": ");

        // When
        final HttpResponse<String> response = post(signed);

        // Then it is the same event, so the same signature
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldExecuteAnEventTheExecutorsSigned() throws Exception {
        // Given an event with an emoji, signed by the executors' signer
        final String signed = new EventSigner(SECRET).sign(UNSIGNED.replace("Straßen", "Straßen \uD83D\uDE80"));

        // When
        final HttpResponse<String> response = post(signed);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnEventWithoutSignature() throws Exception {
        // When
        final HttpResponse<String> response = post(UNSIGNED);

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Missing mediawiki signature");
        assertThat(stub.stats().rejected()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEventWithAWrongSignature() throws Exception {
        // Given a signature by another secret
        final String signed = withSignature(UNSIGNED, hmacSha1("another secret", UNSIGNED));

        // When
        final HttpResponse<String> response = post(signed);

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Invalid mediawiki signature");
        assertThat(stub.executedEventIds()).isEmpty();
    }

    @Test
    void shouldRefuseAnEventChangedAfterSigning() throws Exception {
        // Given
        final String signed =
                withSignature(UNSIGNED, hmacSha1(SECRET, UNSIGNED)).replace("dewiki", "enwiki");

        // When
        final HttpResponse<String> response = post(signed);

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Invalid mediawiki signature");
    }

    private static String withSignature(final String event, final String signature) {
        return event.substring(0, event.length() - 1) + ",\"mediawiki_signature\":\"" + signature + "\"}";
    }

    private static String hmacSha1(final String secret, final String text) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> post(final String body) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(stub.endpoint())
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return HTTP.send(request, BodyHandlers.ofString());
    }
}
