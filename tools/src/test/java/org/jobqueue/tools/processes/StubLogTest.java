package org.jobqueue.tools.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StubLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountExecutionsByEventIdAndTakeInOnlyCompleteLines() throws Exception {
        // Given a log whose last line is still being written
        final Path file = dir.resolve("stub.log");
        Files.writeString(
                file,
                line("2026-01-01T00:00:01Z", "a", "") + line("2026-01-01T00:00:02Z", "b", "")
                        + "{\"ts\":\"2026-01-01T00:00:03Z\",\"id\":\"a\"");
        final StubLog log = new StubLog(file);

        // When it is read, the line is finished, and it is read again
        final long first = log.read().distinct();
        append(file, ",\"type\":\"cdnPurge\"}\n" + line("2026-01-01T00:00:04Z", "c", ""));
        final Executions executions = log.read();

        // Then the half line counted once, when it was whole
        assertThat(first).isEqualTo(2);
        assertThat(executions.byId()).isEqualTo(Map.of("a", 2L, "b", 1L, "c", 1L));
        assertThat(executions.repeats()).isEqualTo(1);
        assertThat(log.firstRuns()).containsEntry("a", Instant.parse("2026-01-01T00:00:01Z"));
    }

    @Test
    void shouldKeepTheLatestRunOfEachPageOfALeaf() throws Exception {
        // Given two leaves with page 1001, one of them also with 1002
        final Path file = dir.resolve("stub.log");
        Files.writeString(
                file,
                line("2026-01-01T00:00:05Z", "leaf-2", ",\"pages\":[\"1001\"]")
                        + line("2026-01-01T00:00:01Z", "leaf-1", ",\"pages\":[\"1001\",\"1002\"]"));

        // When
        final Executions executions = new StubLog(file).read();

        // Then
        assertThat(executions.leaves()).isEqualTo(2);
        assertThat(executions.lastRunOfPage("refreshLinks", 1001)).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(executions.lastRunOfPage("refreshLinks", 1002)).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(executions.lastRunOfPage("htmlCacheUpdate", 1001)).isNull();
    }

    @Test
    void shouldReadNothingBeforeTheStubHasWritten() {
        assertThat(new StubLog(dir.resolve("none.log")).read().distinct()).isZero();
    }

    static String line(final String ts, final String id, final String more) {
        return "{\"ts\":\"" + ts + "\",\"id\":\"" + id + "\",\"type\":\"refreshLinks\",\"database\":\"enwiki\","
                + "\"sha1\":null" + more + "}\n";
    }

    private static void append(final Path file, final String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
