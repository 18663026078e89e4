package org.jobqueue.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jobqueue.app.JobQueueCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** The inspecting commands against a local HTTP server that answers like a jobqueue instance. */
class InspectCommandsTest {
    private static final String QUEUE = """
            {"complete":false,"partitions":4,"missing":[{"partition":2,"reason":"restoring"},\
            {"partition":3,"reason":"unassigned"}],"types":[\
            {"lane":"normal","type":"refreshLinks","database":null,"ready":3,"delayed":1,"in_flight":0,"held":0,\
            "oldest_ready_age_ms":133000},\
            {"lane":"low","type":"htmlCacheUpdate","database":null,"ready":10,"delayed":0,"in_flight":2,"held":5,\
            "oldest_ready_age_ms":null}]}""";
    private static final String JOB = """
            {"complete":true,"partitions":4,"missing":[],"job":{"event_id":"e-1","job_key":"k-1",\
            "type":"refreshLinks","database":"enwiki","lane":"normal","state":"ready","paused":false}}""";
    private static final String UNKNOWN_JOB = """
            {"complete":true,"partitions":4,"missing":[],"job":{"id":"nope","state":"unknown"}}""";
    private static final String JOBS = """
            {"complete":true,"partitions":4,"missing":[],"truncated":true,"jobs":[\
            {"event_id":"e-1","job_key":"k-1","type":"refreshLinks","database":"enwiki","lane":"normal",\
            "state":"delayed","since":"2026-12-02T20:00:00Z"}]}""";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private String config;
    private String admin;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/queue", exchange -> answer(exchange, 200, QUEUE));
        server.createContext("/api/jobs", exchange -> {
            final String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/jobs")) answer(exchange, 200, JOBS);
            else if (path.equals("/api/jobs/e-1")) answer(exchange, 200, JOB);
            else answer(exchange, 404, UNKNOWN_JOB);
        });
        server.start();
        admin = "http://127.0.0.1:" + server.getAddress().getPort();
        // Nothing listens at the bootstrap: only --admin is asked.
        config = Files.writeString(
                        dir.resolve("eqiad.yaml"), "dc: eqiad\nkafka:\n  bootstrap.servers: \"127.0.0.1:1\"\n")
                .toString();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(final com.sun.net.httpserver.HttpExchange exchange, final int status, final String body)
            throws IOException {
        requests.add(exchange.getRequestURI().toString());
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    private int run(final String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return JobQueueCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void shouldPrintTheQueueAsATableWithATotalAndWarnWhenPartial() {
        // Given the server's queue answer
        // When
        final int exitCode = run("queue", "--config", config, "--admin", admin, "--type", "refreshLinks");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.OK);
        assertThat(out.toString().lines().toList())
                .containsExactly(
                        "LANE    TYPE             READY  DELAYED  IN_FLIGHT  HELD  OLDEST_READY",
                        "normal  refreshLinks     3      1        0          0     2m13s",
                        "low     htmlCacheUpdate  10     0        2          5     -",
                        "total                    13     1        2          5     ");
        assertThat(err.toString().strip())
                .isEqualTo("jobqueue: partial: partitions 2 (restoring), 3 (unassigned) did not answer");
        assertThat(requests).containsExactly("/api/queue?type=refreshLinks");
    }

    @Test
    void shouldPrintTheQueueJsonAsAnswered() {
        // Given the server's queue answer
        // When
        final int exitCode = run("queue", "--config", config, "--admin", admin, "--json");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("\"oldest_ready_age_ms\" : 133000");
    }

    @Test
    void shouldShowAKnownJobAndExitOneForAnUnknownOne() {
        // Given the server knows e-1 only
        // When
        final int known = run("jobs", "show", "--config", config, "--admin", admin, "e-1");
        final String knownOut = out.toString();
        final int unknown = run("jobs", "show", "--config", config, "--admin", admin, "no pe");

        // Then
        assertThat(known).isEqualTo(ExitCode.OK);
        assertThat(knownOut).contains("\"job_key\" : \"k-1\"").doesNotContain("\"complete\"");
        assertThat(unknown).isEqualTo(ExitCode.SOFTWARE);
        assertThat(out.toString()).contains("\"state\" : \"unknown\"");
        assertThat(requests).containsExactly("/api/jobs/e-1", "/api/jobs/no%20pe");
    }

    @Test
    void shouldRefuseASha1IdWithoutADatabase() {
        // Given no --database
        // When
        final int exitCode = run("jobs", "show", "--config", config, "--admin", admin, "sha1:abc");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("a sha1:<hex> id needs --database");
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldListJobsAsATableAndSayWhenTruncated() {
        // Given the server's list answer
        // When
        final int exitCode = run(
                "jobs",
                "list",
                "--config",
                config,
                "--admin",
                admin,
                "--type",
                "refreshLinks",
                "--state",
                "delayed",
                "--limit",
                "1");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.OK);
        assertThat(out.toString().lines().toList())
                .containsExactly(
                        "STATE    SINCE                 EVENT_ID  DATABASE  JOB_KEY",
                        "delayed  2026-12-02T20:00:00Z  e-1       enwiki    k-1",
                        "(more than 1 jobs; give a larger --limit to see more)");
        assertThat(requests).containsExactly("/api/jobs?type=refreshLinks&state=delayed&limit=1");
    }

    @Test
    void shouldRefuseAnUnknownState() {
        // Given a state that is none of delayed, ready, in-flight
        // When
        final int exitCode =
                run("jobs", "list", "--config", config, "--admin", admin, "--type", "refreshLinks", "--state", "done");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--state 'done': expected delayed, ready or in-flight");
    }

    @Test
    void shouldExitOneWhenTheAdminAddressDoesNotAnswer() {
        // Given nothing listens at the address
        server.stop(0);

        // When
        final int exitCode = run("queue", "--config", config, "--admin", admin);

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.SOFTWARE);
        assertThat(err.toString().strip()).isEqualTo("jobqueue: no jobqueue instance answered at [" + admin + "]");
    }

    @Test
    void shouldWriteAgesAsAnOperatorReadsThem() {
        // Given / When / Then
        assertThat(Age.of(null)).isEqualTo("-");
        assertThat(Age.of(850L)).isEqualTo("850ms");
        assertThat(Age.of(42_000L)).isEqualTo("42s");
        assertThat(Age.of(133_000L)).isEqualTo("2m13s");
        assertThat(Age.of(3L * 3_600_000 + 5 * 60_000)).isEqualTo("3h05m");
        assertThat(Age.of(2L * 86_400_000 + 4 * 3_600_000)).isEqualTo("2d04h");
    }
}
