package org.jobqueue.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.jobqueue.tools.demo.Progress.Fanout;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void shouldAccountForEveryJobOnceAllEndedAndNothingWaits() {
        // Given 100 inputs: 2 invalid, 90 ok, 5 deduplicated, 2 dead-lettered, 1 abandoned
        final Progress progress = new Progress(98, 2, 0, 0, 0, 0, 90, 5, 2, 1, Fanout.NONE);

        // Then
        assertThat(progress.accountsFor(100, 0)).isTrue();
    }

    @Test
    void shouldNotAccountForJobsStillDelayed() {
        // Given every job counted, but one retry waits
        final Progress progress = new Progress(98, 2, 0, 1, 0, 0, 90, 5, 2, 1, Fanout.NONE);

        // Then
        assertThat(progress.accountsFor(100, 0)).isFalse();
    }

    @Test
    void shouldNotAccountForCommandsTheExecutorsStillRun() {
        // Given
        final Progress progress = new Progress(98, 2, 0, 0, 0, 1, 90, 5, 2, 1, Fanout.NONE);

        // Then
        assertThat(progress.accountsFor(100, 0)).isFalse();
    }

    @Test
    void shouldNotAccountForInputsNotYetRead() {
        // Given
        final Progress progress = new Progress(90, 2, 0, 0, 0, 0, 85, 5, 0, 0, Fanout.NONE);

        // Then
        assertThat(progress.accountsFor(100, 0)).isFalse();
    }

    @Test
    void shouldExpectTheLeavesInsteadOfTheRecursiveJobs() {
        // Given 100 inputs, 2 invalid and 2 recursive, whose expansions ended with 50 leaves: 96 + 50 jobs to end
        final Fanout expanded = new Fanout(0, 2, 2, 50);
        final Progress allEnded = new Progress(98, 2, 0, 0, 0, 0, 140, 6, 0, 0, expanded);
        final Progress oneLeafLeft = new Progress(98, 2, 0, 0, 0, 0, 139, 6, 0, 0, expanded);

        // Then
        assertThat(allEnded.expected(100, 2)).isEqualTo(146);
        assertThat(allEnded.accountsFor(100, 2)).isTrue();
        assertThat(oneLeafLeft.accountsFor(100, 2)).isFalse();
    }

    @Test
    void shouldNotAccountForExpansionsNotYetStartedOrStillRunning() {
        // Given every job so far ended, but one expansion has not started, or has not ended
        final Progress notStarted = new Progress(98, 2, 0, 0, 0, 0, 96, 0, 0, 0, new Fanout(0, 1, 1, 0));
        final Progress running = new Progress(98, 2, 0, 0, 0, 0, 146, 0, 0, 0, new Fanout(1, 2, 1, 50));

        // Then
        assertThat(notStarted.accountsFor(100, 2)).isFalse();
        assertThat(running.accountsFor(100, 2)).isFalse();
    }
}
