package org.jobqueue.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void shouldAccountForEveryJobOnceAllEndedAndNothingWaits() {
        // Given 100 inputs: 2 invalid, 90 ok, 5 deduplicated, 2 dead-lettered, 1 abandoned
        final Progress progress = new Progress(98, 2, 0, 0, 0, 0, 90, 5, 2, 1);

        // Then
        assertThat(progress.accountsFor(100)).isTrue();
    }

    @Test
    void shouldNotAccountForJobsStillDelayed() {
        // Given every job counted, but one retry waits
        final Progress progress = new Progress(98, 2, 0, 1, 0, 0, 90, 5, 2, 1);

        // Then
        assertThat(progress.accountsFor(100)).isFalse();
    }

    @Test
    void shouldNotAccountForCommandsTheExecutorsStillRun() {
        // Given
        final Progress progress = new Progress(98, 2, 0, 0, 0, 1, 90, 5, 2, 1);

        // Then
        assertThat(progress.accountsFor(100)).isFalse();
    }

    @Test
    void shouldNotAccountForInputsNotYetRead() {
        // Given
        final Progress progress = new Progress(90, 2, 0, 0, 0, 0, 85, 5, 0, 0);

        // Then
        assertThat(progress.accountsFor(100)).isFalse();
    }
}
