package org.jobqueue.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener.SuspendReason;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class StateProgressTest {
    private static final TopicPartition WAITING = new TopicPartition("app-queue-waiting-changelog", 0);
    private static final TopicPartition DELAYED = new TopicPartition("app-queue-delayed-changelog", 0);
    private static final TaskId TASK = new TaskId(2, 0);

    @Test
    void shouldReportHowFarStandbysAreBehindTheirChangelogs() {
        // Given a standby updating two changelogs
        final MetricRegistry registry = new MetricRegistry();
        final StateProgress progress = new StateProgress(registry);

        // When a batch of each is loaded, the changelogs' ends further on
        progress.onBatchLoaded(WAITING, "queue-waiting", TASK, 999, 1000, 5000);
        progress.onBatchLoaded(DELAYED, "queue-delayed", TASK, 499, 500, 600);

        // Then the lag is what remains of both, and the records applied are counted
        assertThat(registry.getGauges().get(StateProgress.STANDBY_LAG).getValue())
                .isEqualTo(4000L + 100L);
        assertThat(registry.counter(StateProgress.STANDBY_RECORDS_APPLIED).getCount())
                .isEqualTo(1500);
    }

    @Test
    void shouldForgetAChangelogOnceItsStandbyIsSuspended() {
        // Given a standby behind on one changelog
        final MetricRegistry registry = new MetricRegistry();
        final StateProgress progress = new StateProgress(registry);
        progress.onBatchLoaded(WAITING, "queue-waiting", TASK, 999, 1000, 5000);

        // When it is promoted to active (or moved away)
        progress.onUpdateSuspended(WAITING, "queue-waiting", 1000, 5000, SuspendReason.PROMOTED);

        // Then it no longer counts
        assertThat(progress.standbyLag()).isZero();
    }
}
