package org.jobqueue.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    private final StringWriter out = new StringWriter();

    @Test
    void shouldRewriteOneLineEverySecondOnATerminal() {
        // Given
        final ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), true, START);

        // When
        printer.show(progress(10, 100), START.plusSeconds(1));
        printer.show(progress(12, 150), START.plusMillis(1_500));
        printer.show(progress(20, 300), START.plusSeconds(2));
        printer.finish();

        // Then
        assertThat(out.toString())
                .isEqualTo("\r" + progress(10, 100).line(100) + "\r"
                        + progress(20, 300).line(200) + System.lineSeparator());
    }

    @Test
    void shouldPrintAPlainLineEveryFiveSecondsElsewhere() {
        // Given
        final ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), false, START);

        // When
        printer.show(progress(10, 100), START.plusSeconds(1));
        printer.show(progress(20, 500), START.plusSeconds(5));
        printer.finish();

        // Then
        assertThat(out.toString()).isEqualTo(progress(20, 500).line(100) + System.lineSeparator());
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
