package org.jobqueue.tools.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jobqueue.testing.JobEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class MediaWikiStubLogTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    void shouldLogOneLinePerExecutedJob() throws Exception {
        // Given
        final Path log = dir.resolve("executed.jsonl");
        final Instant before = Instant.now();
        try (MediaWikiStub stub = MediaWikiStub.start(StubOptions.onFreePort().withLog(log))) {
            // When two jobs run and one fails
            post(stub, JobEvents.job("refreshLinks").id("e1").sha1(SHA1).json());
            post(
                    stub,
                    JobEvents.job("refreshLinks")
                            .id("e2")
                            .param("stub_fail", "always")
                            .json());
            post(stub, JobEvents.job("refreshLinks").id("e3").json());

            // Then each line is there as soon as its job ran
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(2);
            final JsonNode first = JSON.readTree(lines.get(0));
            assertThat(first.get("id").textValue()).isEqualTo("e1");
            assertThat(first.get("type").textValue()).isEqualTo("refreshLinks");
            assertThat(first.get("database").textValue()).isEqualTo("enwiki");
            assertThat(first.get("sha1").textValue()).isEqualTo(SHA1);
            assertThat(Instant.parse(first.get("ts").textValue())).isAfterOrEqualTo(before);
            assertThat(JSON.readTree(lines.get(1)).get("id").textValue()).isEqualTo("e3");
        }
    }

    @Test
    void shouldLogThePagesOfALeaf() throws Exception {
        // Given
        final Path log = dir.resolve("executed.jsonl");
        try (MediaWikiStub stub = MediaWikiStub.start(StubOptions.onFreePort().withLog(log))) {
            // When a leaf of a recursive job runs, and a job that is no leaf
            post(
                    stub,
                    JobEvents.job("refreshLinks")
                            .id("leaf")
                            .page(1001, "A")
                            .page(1002, "B")
                            .json());
            post(stub, JobEvents.job("refreshLinks").id("plain").json());
        }

        // Then the leaf's line has its page ids, the other none
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(JSON.readTree(lines.get(0)).get("pages").toString()).isEqualTo("[\"1001\",\"1002\"]");
        assertThat(JSON.readTree(lines.get(1)).has("pages")).isFalse();
    }

    @Test
    void shouldAppendToAnExistingLog() throws Exception {
        // Given
        final Path log = dir.resolve("executed.jsonl");
        Files.writeString(log, "{\"id\":\"earlier\"}\n");

        // When
        try (MediaWikiStub stub = MediaWikiStub.start(StubOptions.onFreePort().withLog(log))) {
            post(stub, JobEvents.job("refreshLinks").id("e1").json());
        }

        // Then
        assertThat(Files.readAllLines(log)).hasSize(2).first().asString().contains("earlier");
    }

    private static void post(final MediaWikiStub stub, final String body) throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(stub.endpoint())
                        .POST(BodyPublishers.ofString(body))
                        .build(),
                BodyHandlers.discarding());
    }
}
