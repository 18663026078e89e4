package org.jobqueue.app.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImportProgressTest {
    private final StringWriter err = new StringWriter();

    @Test
    void shouldShowABarTheCountsTheRateAndTheTimeLeft() {
        // Given a quarter of the file read in 10 s
        final ImportProgress progress =
                new ImportProgress(250_000, 250_000, 240_000, 25_000_000, 100_000_000, Duration.ofSeconds(10));

        // Then
        assertThat(progress.line(true))
                .isEqualTo("[######------------------]  25% | read 250,000 lines | sent 250,000 | acknowledged"
                        + " 240,000 | 24,000/s | ETA 30 s");
        assertThat(progress.line(false))
                .isEqualTo(" 25% | read 250,000 lines | sent 250,000 | acknowledged 240,000 | 24,000/s | ETA 30 s");
    }

    @Test
    void shouldShowNoShareNorTimeLeftWithoutASize() {
        // Given
        final ImportProgress progress = new ImportProgress(10, 10, 5, 100, 0, Duration.ofSeconds(1));

        // Then
        assertThat(progress.line(true)).isEqualTo("read 10 lines | sent 10 | acknowledged 5 | 5/s | ETA ?");
    }

    @Test
    void shouldShowAFullBarOnceTheFileIsRead() {
        // Given
        final ImportProgress progress = new ImportProgress(4, 4, 3, 100, 100, Duration.ofSeconds(2));

        // Then
        assertThat(progress.line(true))
                .startsWith("[########################] 100% |")
                .endsWith("ETA 0 s");
    }

    @Test
    void shouldRewriteOneLineOnATerminalAndClearItForMessages() {
        // Given
        final ImportProgressPrinter printer = new ImportProgressPrinter(new PrintWriter(err), true);
        final ImportProgress progress = new ImportProgress(1, 1, 1, 0, 0, Duration.ofSeconds(1));
        final String line = progress.line(true);

        // When
        printer.show(progress);
        printer.message("jobqueue: links.tsv:2: bad (skipped)");
        printer.show(progress);
        printer.close();
        printer.show(progress);

        // Then
        final String blank = "\r" + " ".repeat(line.length()) + "\r";
        assertThat(err.toString())
                .isEqualTo("\r" + line + blank + "jobqueue: links.tsv:2: bad (skipped)" + System.lineSeparator() + "\r"
                        + line + blank);
    }

    @Test
    void shouldPrintPlainLinesElsewhere() {
        // Given
        final ImportProgressPrinter printer = new ImportProgressPrinter(new PrintWriter(err), false);
        final ImportProgress progress = new ImportProgress(1, 1, 1, 50, 100, Duration.ofSeconds(1));

        // When
        printer.show(progress);
        printer.close();

        // Then
        assertThat(err.toString()).isEqualTo("links import: " + progress.line(false) + System.lineSeparator());
    }
}
