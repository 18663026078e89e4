package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

class DelayedJobsTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Instant T = JobQueueDriver.START;

    @Test
    void shouldHoldADelayedJobUntilDueAndReleaseItWithinOneTick() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("cdnPurge").delayUntil(T.plusSeconds(10)));
            // When: until just before it is due
            queue.advanceInSteps(TICK, 99);
            // Then
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().total(Outcome.DELAYED)).isEqualTo(1);
            // When: one tick past due
            queue.advanceInSteps(TICK, 2);
            // Then
            assertThat(queue.commands("normal")).hasSize(1);
        }
    }

    @Test
    void shouldReleaseAJobDelayedToThePastAtOnce() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            queue.send(JobEvents.job("cdnPurge").delayUntil(T.minusSeconds(10)));
            // When
            queue.advance(TICK);
            // Then
            assertThat(queue.allCommands()).hasSize(1);
            assertThat(queue.metrics().total(Outcome.DELAYED)).isZero();
        }
    }

    @Test
    void shouldNotLetAJobThatComesDueOvertakeTheReadyJobsOfItsLane() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withQueue(new QueueConfig(Map.of("normal", 1), null, null, null, null, null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: the lane's window of one busy, a job waiting as ready, and a job delayed to T + 1 s
            queue.send(JobEvents.job("refreshLinks").title("Busy"));
            final JobCommand busy = queue.commands("normal").get(0);
            final JobEvents ready = JobEvents.job("refreshLinks").title("Ready");
            queue.send(ready);
            final JobEvents delayed =
                    JobEvents.job("refreshLinks").title("Delayed").delayUntil(T.plusSeconds(1));
            queue.send(delayed);
            queue.advanceInSteps(TICK, 9);

            // When: the window frees up just before the delayed job comes due, and the tick that promotes it comes
            queue.ok(busy);
            queue.advanceInSteps(TICK, 2);

            // Then: the job that waited as ready goes first; the one that came due waits behind it
            final List<JobCommand> first = queue.commands("normal");
            assertThat(first).extracting("eventId").containsExactly(ready.eventId());
            queue.ok(first.get(0));
            queue.advance(TICK);
            assertThat(queue.commands("normal")).extracting("eventId").containsExactly(delayed.eventId());
        }
    }

    @Test
    void shouldMoveTwentyThousandDelayedJobsWithBoundedWorkPerTick() {
        final int jobs = 20_000;
        final int perTick = 400;
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withQueue(new QueueConfig(Map.of("normal", 1), null, null, null, perTick, null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: 20,000 jobs all due at T + 1 s, fifty ticks' worth
            for (int i = 0; i < jobs; i++) {
                queue.send(JobEvents.job("cdnPurge").delayUntil(T.plusSeconds(1)));
            }
            assertThat(queue.metrics().total(Outcome.DELAYED)).isEqualTo(jobs);
            // When: they come due, one tick
            queue.advance(Duration.ofSeconds(1));
            // Then: one punctuation moved at most its bound
            final LaneSize afterOneTick = queue.metrics().laneSize("normal");
            assertThat(afterOneTick.delayed()).isEqualTo(jobs - perTick);
            assertThat(afterOneTick.ready() + afterOneTick.inFlight()).isEqualTo(perTick);
            // When: enough ticks
            queue.advanceInSteps(TICK, jobs / perTick);
            // Then: all are ready, none lost
            final LaneSize drained = queue.metrics().laneSize("normal");
            assertThat(drained.delayed()).isZero();
            assertThat(drained.ready() + drained.inFlight()).isEqualTo(jobs);
            assertThat(queue.commands("normal")).hasSize(1);
        }
    }
}
