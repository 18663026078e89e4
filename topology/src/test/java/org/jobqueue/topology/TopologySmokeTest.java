package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.Priority;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

class TopologySmokeTest {
    @Test
    void shouldReleaseAJobAndForgetItOnceOk() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("refreshLinks").sha1("abc"));
            // When
            queue.advance(Duration.ofMillis(100));
            final List<JobCommand> commands = queue.commands(Priority.normal);
            // Then
            assertThat(commands).hasSize(1);
            queue.ok(commands.get(0));
            queue.advance(Duration.ofMillis(100));
            assertThat(queue.metrics().total(Outcome.OK)).isEqualTo(1);
            assertThat(queue.metrics().laneSize(Priority.normal).inFlight()).isZero();
        }
    }
}
