package org.jobqueue.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final StringWriter out = new StringWriter();

    @Test
    void shouldRewriteOneLineOnATerminal() {
        // Given
        final ProgressLine progress = new ProgressLine(new PrintWriter(out), true);

        // When a shorter line follows a longer one
        progress.show("done 100 | 100 jobs/s");
        progress.show("done 300 | 2 jobs/s");

        // Then the second overwrites the first, to its end
        assertThat(out.toString()).isEqualTo("\rdone 100 | 100 jobs/s" + "\rdone 300 | 2 jobs/s  ");
    }

    @Test
    void shouldClearTheLineForMessagesAndAtTheEnd() {
        // Given
        final ProgressLine progress = new ProgressLine(new PrintWriter(out), true);
        final String line = "read 1 lines";

        // When
        progress.show(line);
        progress.message("jobqueue: links.tsv:2: bad (skipped)");
        progress.show(line);
        progress.close();
        progress.show(line);

        // Then
        final String blank = "\r" + " ".repeat(line.length()) + "\r";
        assertThat(out.toString())
                .isEqualTo("\r" + line + blank + "jobqueue: links.tsv:2: bad (skipped)" + System.lineSeparator() + "\r"
                        + line + blank);
    }

    @Test
    void shouldPrintPlainLinesElsewhere() {
        // Given
        final ProgressLine progress = new ProgressLine(new PrintWriter(out), false);

        // When
        progress.show("links import: read 1 lines");
        progress.message("jobqueue: links.tsv:2: bad (skipped)");
        progress.close();

        // Then
        assertThat(out.toString())
                .isEqualTo("links import: read 1 lines" + System.lineSeparator()
                        + "jobqueue: links.tsv:2: bad (skipped)" + System.lineSeparator());
    }

    @Test
    void shouldShowTheLineAtTheIntervalUntilClosed() throws Exception {
        // Given
        final ProgressLine progress = new ProgressLine(new PrintWriter(out), true);

        // When it has shown the line, and is closed
        progress.start(() -> "tick");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> out.toString().contains("tick"));
        progress.close();
        final String shown = out.toString();
        Thread.sleep(ProgressLine.TERMINAL_INTERVAL.toMillis() * 2);

        // Then it showed nothing more after the end, where it cleared the line
        assertThat(out.toString()).isEqualTo(shown).startsWith("\rtick").endsWith("\r    \r");
    }
}
