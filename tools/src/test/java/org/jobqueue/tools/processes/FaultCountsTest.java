package org.jobqueue.tools.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jobqueue.tools.processes.Workload.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultCountsTest {
    private static final Instant EDIT = Instant.parse("2026-01-01T00:00:10Z");

    @TempDir
    Path dir;

    @Test
    void shouldCountWhatRanTwiceWhatNeverRanAndTheDeadLetters() throws Exception {
        // Given: a job and its sha1 duplicate, two jobs of their own, one hopeless job; a template edit over pages
        // 1001-1003; and the stub's log of a run
        final Ledger ledger = Ledger.of(List.of(
                job("original", "s1", null),
                job("duplicate", "s1", null),
                job("twice", null, null),
                job("never", null, null),
                job("hopeless", null, "always")));
        ledger.plannedRefresh("refreshLinks", "edit", List.of(1001L, 1002L, 1003L), EDIT);
        final Path file = dir.resolve("stub.log");
        Files.writeString(
                file,
                StubLogTest.line("2026-01-01T00:00:01Z", "duplicate", "")
                        + StubLogTest.line("2026-01-01T00:00:02Z", "twice", "")
                        + StubLogTest.line("2026-01-01T00:00:03Z", "twice", "")
                        // 1001 refreshed after the edit; 1002 only before it; 1003 never
                        + StubLogTest.line("2026-01-01T00:00:11Z", "leaf-1", ",\"pages\":[\"1001\"]")
                        + StubLogTest.line("2026-01-01T00:00:09Z", "leaf-0", ",\"pages\":[\"1002\"]"));
        final Emissions emissions = new Emissions(9, 1, 1, 0, Set.of("hopeless"));

        // When
        final Executions executions = new StubLog(file).read();
        final FaultCounts counts = FaultCounts.of(ledger, executions, emissions);

        // Then
        assertThat(counts.jobs()).isEqualTo(6);
        assertThat(counts.hopeless()).isEqualTo(1);
        assertThat(counts.executed()).isEqualTo(4);
        assertThat(counts.lost())
                .as("'never'; the original ran as its duplicate")
                .isEqualTo(1);
        assertThat(counts.pages()).isEqualTo(3);
        assertThat(counts.pagesLost()).as("1002 and 1003").isEqualTo(2);
        assertThat(counts.stubDuplicates()).isEqualTo(1);
        assertThat(counts.commands()).isEqualTo(9);
        assertThat(counts.commandsEmittedTwice()).isEqualTo(1);
        assertThat(counts.deadLettersAsPlanned()).isTrue();
        assertThat(counts.noneLostOrEmittedTwice()).isFalse();
        assertThat(ledger.describeLost(executions))
                .containsExactly(
                        "job id never: event ids never",
                        "page refreshLinks 1002: latest recursive job edit produced at 2026-01-01T00:00:10Z, last run"
                                + " 2026-01-01T00:00:09Z",
                        "page refreshLinks 1003: latest recursive job edit produced at 2026-01-01T00:00:10Z, last run"
                                + " null");
    }

    @Test
    void shouldPassARunThatRanEverythingOnceAndDeadLetteredTheHopeless() throws Exception {
        // Given
        final Ledger ledger = Ledger.of(List.of(job("a", null, null), job("hopeless", null, "always")));
        ledger.plannedRefresh("htmlCacheUpdate", "edit", List.of(2001L, 2002L), EDIT);
        final Path file = dir.resolve("stub.log");
        Files.writeString(
                file,
                StubLogTest.line("2026-01-01T00:00:01Z", "a", "")
                        + StubLogTest.line("2026-01-01T00:00:12Z", "leaf", ",\"pages\":[\"2001\",\"2002\"]")
                                .replace("refreshLinks", "htmlCacheUpdate"));

        // When
        final FaultCounts counts =
                FaultCounts.of(ledger, new StubLog(file).read(), new Emissions(4, 0, 1, 0, Set.of("hopeless")));

        // Then
        assertThat(counts.noneLostOrEmittedTwice()).isTrue();
        assertThat(counts.deadLettersAsPlanned()).isTrue();
    }

    @Test
    void shouldTellDeadLettersThatWereNotPlanned() throws Exception {
        // Given a job that ran out of retries on random failures, besides the hopeless one
        final Ledger ledger = Ledger.of(List.of(job("unlucky", null, null), job("hopeless", null, "always")));

        // When
        final FaultCounts counts = FaultCounts.of(
                ledger,
                new StubLog(dir.resolve("none.log")).read(),
                new Emissions(8, 0, 2, 0, Set.of("hopeless", "unlucky")));

        // Then
        assertThat(counts.deadLettersAsPlanned()).isFalse();
        assertThat(counts.lost()).isEqualTo(1);
    }

    private static Job job(final String eventId, final String sha1, final String stubFail) {
        return new Job("cdnPurge", eventId, sha1, false, null, stubFail, new byte[0]);
    }
}
