package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

/**
 * codfw's deployment consumes eqiad's mirrored job topics and results: eqiad's jobs wait in codfw until eqiad's result
 * says they ran, or until codfw takes eqiad over (a fence in eqiad's mirrored results, written by {@code replay}).
 */
class DataCentresTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final String TYPE = "refreshLinks";
    private static final JobQueueConfig CODFW = JobQueueConfig.of("codfw").withConsumeDcs(List.of("codfw", "eqiad"));

    private static JobEvents eqiadJob(final JobQueueDriver codfw) {
        return JobEvents.job(TYPE).dt(codfw.now().minusSeconds(1));
    }

    private static List<String> releasedIds(final JobQueueDriver codfw) {
        return codfw.allCommands().stream().map(JobCommand::getEventId).toList();
    }

    @Test
    void shouldHoldAnotherDcsJobAndNeverRunItUntilATakeover() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: eqiad runs its own jobs
            final JobEvents job = eqiadJob(codfw);

            // When: its job reaches codfw through the mirror
            codfw.sendFrom("eqiad", job);
            codfw.advanceInSteps(TICK, 20);

            // Then: codfw holds it and releases nothing
            assertThat(codfw.allCommands()).isEmpty();
            assertThat(codfw.metrics().total(Outcome.HELD)).isEqualTo(1);
        }
    }

    @Test
    void shouldRunLocalJobsWhileHoldingRemoteOnes() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: a held eqiad job
            codfw.sendFrom("eqiad", eqiadJob(codfw));

            // When: a codfw job arrives
            final JobEvents local = JobEvents.job(TYPE);
            codfw.send(local);
            codfw.advance(TICK);

            // Then: only the codfw job runs
            assertThat(releasedIds(codfw)).containsExactly(local.eventId());
        }
    }

    @Test
    void shouldForgetAHeldJobWhoseResultIsMirrored() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: a held eqiad job
            final JobEvents job = eqiadJob(codfw);
            codfw.sendFrom("eqiad", job);

            // When: eqiad's ok result arrives, then codfw takes eqiad over
            codfw.resultFrom("eqiad", job, job.jobKey(), ResultStatus.ok, codfw.now());
            codfw.fence("eqiad", codfw.now());
            codfw.advanceInSteps(TICK, 5);

            // Then: the job ran in eqiad, so codfw does not run it again
            assertThat(codfw.allCommands()).isEmpty();
            assertThat(codfw.metrics().total(Outcome.RAN_REMOTELY)).isEqualTo(1);
        }
    }

    @Test
    void shouldRunTheHeldBacklogAfterATakeover() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: three held eqiad jobs, one of which eqiad ran
            final List<JobEvents> jobs = List.of(eqiadJob(codfw), eqiadJob(codfw), eqiadJob(codfw));
            jobs.forEach(job -> codfw.sendFrom("eqiad", job));
            codfw.resultFrom("eqiad", jobs.get(0), jobs.get(0).jobKey(), ResultStatus.ok, codfw.now());

            // When: codfw takes eqiad over
            codfw.fence("eqiad", codfw.now());
            codfw.advance(TICK);

            // Then: the two that did not run are released, once
            assertThat(releasedIds(codfw))
                    .containsExactlyInAnyOrder(
                            jobs.get(1).eventId(), jobs.get(2).eventId());
            assertThat(codfw.metrics().total(Outcome.TAKEN_OVER)).isEqualTo(2);
        }
    }

    @Test
    void shouldNotRunAReplayedJobWhoseResultCameBeforeTheFence() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: codfw starts cold: eqiad's mirrored results, then the replay's fence
            final JobEvents ran = eqiadJob(codfw);
            final JobEvents pending = eqiadJob(codfw);
            codfw.resultFrom("eqiad", ran, ran.jobKey(), ResultStatus.ok, codfw.now());
            codfw.fence("eqiad", codfw.now().plusSeconds(1));

            // When: the replay re-reads both jobs
            codfw.sendFrom("eqiad", ran);
            codfw.sendFrom("eqiad", pending);
            codfw.advance(TICK);

            // Then: only the one without a result runs
            assertThat(releasedIds(codfw)).containsExactly(pending.eventId());
            assertThat(codfw.metrics().deduplicated("event-id")).isEqualTo(1);
        }
    }

    @Test
    void shouldDropALocalSha1TwinOfAJobThatRanRemotely() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: eqiad ran a job with sha1 s1 after codfw's twin was created
            final JobEvents local =
                    JobEvents.job(TYPE).sha1("s1").dt(codfw.now().minusSeconds(10));
            final JobEvents remote =
                    JobEvents.job(TYPE).sha1("s1").dt(codfw.now().minusSeconds(20));
            codfw.resultFrom(
                    "eqiad",
                    remote,
                    remote.jobKey(),
                    ResultStatus.ok,
                    codfw.now().minusSeconds(5));

            // When: codfw's twin comes up for release
            codfw.send(local);
            codfw.advance(TICK);

            // Then: it is redundant
            assertThat(codfw.allCommands()).isEmpty();
        }
    }

    @Test
    void shouldKeepHoldingJobsCreatedAfterTheTakeover() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: codfw took eqiad over a minute ago
            final Instant takeover = codfw.now().minusSeconds(60);
            codfw.fence("eqiad", takeover);

            // When: eqiad, still up, writes a new job, and an old one is replayed
            final JobEvents newer = eqiadJob(codfw);
            final JobEvents older = JobEvents.job(TYPE).dt(takeover.minusSeconds(60));
            codfw.sendFrom("eqiad", newer);
            codfw.sendFrom("eqiad", older);
            codfw.advanceInSteps(TICK, 5);

            // Then: only the job from before the takeover is codfw's to run
            assertThat(releasedIds(codfw)).containsExactly(older.eventId());
        }
    }

    @Test
    void shouldStillRunAHeldJobThatFailedRetryablyRemotely() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: a held job that failed once in eqiad, which was going to retry it
            final JobEvents job = eqiadJob(codfw);
            codfw.sendFrom("eqiad", job);
            codfw.resultFrom("eqiad", job, job.jobKey(), ResultStatus.retryable, codfw.now());

            // When: codfw takes over
            codfw.fence("eqiad", codfw.now());
            codfw.advance(TICK);

            // Then: codfw runs the retry
            assertThat(releasedIds(codfw)).containsExactly(job.eventId());
        }
    }

    @Test
    void shouldExpireHeldJobsOlderThanTheDedupWindow() {
        final QueueConfig queue = new QueueConfig(null, null, Duration.ofMinutes(10), null, null, null);
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW.withQueue(queue))) {
            // Given: a held job
            codfw.sendFrom("eqiad", eqiadJob(codfw));

            // When: the dedup window passes without a result, then codfw takes over
            codfw.advanceInSteps(Duration.ofMinutes(1), 11);
            codfw.fence("eqiad", codfw.now());
            codfw.advance(TICK);

            // Then: it expired (a replay would bring it back)
            assertThat(codfw.allCommands()).isEmpty();
            assertThat(codfw.metrics().total(Outcome.EXPIRED)).isEqualTo(1);
        }
    }

    @Test
    void shouldTakeOverALargeBacklogWithBoundedWorkPerTick() {
        final QueueConfig queue = new QueueConfig(null, null, null, null, 500, null);
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW.withQueue(queue))) {
            // Given: 2,000 held eqiad jobs
            final List<JobEvents> jobs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) jobs.add(eqiadJob(codfw).title("Page_" + i));
            jobs.forEach(job -> codfw.sendFrom("eqiad", job));

            // When: codfw takes over, and one tick runs
            codfw.fence("eqiad", codfw.now());
            codfw.advance(TICK);

            // Then: that tick hands over no more than max_scan_per_tick; the following ticks the rest
            assertThat(codfw.metrics().total(Outcome.TAKEN_OVER)).isEqualTo(500);
            codfw.advanceInSteps(TICK, 3);
            assertThat(codfw.metrics().total(Outcome.TAKEN_OVER)).isEqualTo(2_000);
        }
    }
}
