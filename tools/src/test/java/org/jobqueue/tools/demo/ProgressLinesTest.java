package org.jobqueue.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void shouldShowTheRateSinceTheLineBefore() {
        // Given 100 jobs done after 1 s, 300 after 3 s
        final Iterator<Progress> progress =
                List.of(progress(10, 100), progress(20, 300)).iterator();
        final Iterator<Instant> clock =
                List.of(START, START.plusSeconds(1), START.plusSeconds(3)).iterator();
        final ProgressLines lines = new ProgressLines(progress::next, clock::next);

        // When / Then
        assertThat(lines.get()).isEqualTo(progress(10, 100).line(100));
        assertThat(lines.get()).isEqualTo(progress(20, 300).line(100));
    }

    @Test
    void shouldShowEveryCount() {
        // Given
        final Progress progress =
                new Progress(1000, 2, 30, 40, 50, 45, 800, 60, 7, 0, new Progress.Fanout(1, 2, 1, 900));

        // When
        final String line = progress.line(123.4);

        // Then
        assertThat(line)
                .isEqualTo(
                        "received 1000 | expanding 1 | waiting 30 | delayed 40 | in flight 50 | done 800 | deduplicated 60"
                                + " | dead-lettered 7 | 123 jobs/s");
    }

    private static Progress progress(final long received, final long ok) {
        return new Progress(received, 0, 1, 2, 3, 3, ok, 4, 5, 0, Progress.Fanout.NONE);
    }
}
