package org.jobqueue.app.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void shouldSplitOnNewlinesAndDropCarriageReturns() throws IOException {
        assertThat(lines("a\nb\r\n\nc", 100)).containsExactly("a", "b", "", "c");
    }

    @Test
    void shouldNotMakeALineOfTheEndAfterAFinalNewline() throws IOException {
        assertThat(lines("a\nb\n", 100)).containsExactly("a", "b");
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("\n", 100)).containsExactly("");
    }

    @Test
    void shouldReadLinesThatCrossTheReadBuffer() throws IOException {
        // Given lines of 999 bytes, so that many cross the 64 KiB chunks
        final String line = "x".repeat(999);
        final String text = (line + "\n").repeat(300);

        // Then
        assertThat(lines(text, 1_000)).hasSize(300).allMatch(line::equals);
    }

    @Test
    void shouldFlagALineLongerThanTheLimitAndGoOnAfterIt() throws IOException {
        // Given
        final LineReader reader = reader("short\n" + "y".repeat(200_000) + "\nafter\n", 10);

        // Then
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isFalse();
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isTrue();
        assertThat(reader.length()).isEqualTo(10);
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isFalse();
        assertThat(new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8))
                .isEqualTo("after");
        assertThat(reader.next()).isFalse();
    }

    @Test
    void shouldCountEveryByteConsumed() throws IOException {
        // Given
        final String text = "one\r\ntwo\nthree";
        final LineReader reader = reader(text, 100);

        // When
        reader.next();
        final long afterFirst = reader.bytesRead();
        while (reader.next()) {
            // read them all
        }

        // Then
        assertThat(afterFirst).isEqualTo(5);
        assertThat(reader.bytesRead()).isEqualTo(text.length());
    }

    private static List<String> lines(final String text, final int max) throws IOException {
        final List<String> lines = new ArrayList<>();
        try (LineReader reader = reader(text, max)) {
            while (reader.next()) lines.add(new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static LineReader reader(final String text, final int max) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }
}
