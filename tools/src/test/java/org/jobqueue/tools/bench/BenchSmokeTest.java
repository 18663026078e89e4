package org.jobqueue.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;

/**
 * Runs {@code jobqueue bench} with tiny counts, every scenario under exactly_once_v2 (about 1.5 min), so that the
 * harness cannot rot; its figures mean nothing.
 */
@Tag("integration")
@Tag("slow")
class BenchSmokeTest {

    @Test
    @Timeout(300)
    void shouldRunEveryScenarioAndWriteTheFiguresWithTheirConditions(@TempDir final Path dir) throws Exception {
        // Given
        final BenchCommand bench = new BenchCommand().withSettings(BenchSettings.tiny());
        final StringWriter out = new StringWriter();
        final Path json = dir.resolve("bench.json");

        // When
        final int exitCode = new CommandLine(bench)
                .setOut(new PrintWriter(out, true))
                .execute(
                        "--out",
                        json.toString(),
                        "--work-dir",
                        dir.resolve("work").toString());

        // Then
        assertThat(exitCode).as(out.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .contains(
                        "a pass-through baseline",
                        "b/a",
                        "leaves/s",
                        "lateness p99",
                        "completed jobs/s",
                        "f/a",
                        "high lane: append -> executor start p99");
        final JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("conditions").path("cores").asInt()).isPositive();
        assertThat(report.path("figures")).hasSizeGreaterThanOrEqualTo(23);
        for (final JsonNode figure : report.path("figures")) {
            assertThat(figure.path("conditions").path("partitions").asInt()).isEqualTo(2);
            assertThat(figure.path("value").asDouble()).as(figure.toString()).isGreaterThanOrEqualTo(0);
        }
    }
}
