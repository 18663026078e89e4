package org.jobqueue.app.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImportProgressTest {
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
}
