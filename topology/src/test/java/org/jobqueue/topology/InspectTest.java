package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.inspect.AttemptView;
import org.jobqueue.topology.inspect.JobView;
import org.jobqueue.topology.inspect.ListedJob;
import org.jobqueue.topology.inspect.ListedState;
import org.jobqueue.topology.inspect.Listing;
import org.jobqueue.topology.inspect.PartitionView;
import org.jobqueue.topology.inspect.StoreLookup;
import org.jobqueue.topology.inspect.TypeDepth;
import org.junit.jupiter.api.Test;

/** Operators' lookups of one partition: a job by event id or job key, the depth of each type, the oldest jobs listed. */
class InspectTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final String TYPE = "refreshLinks";
    private static final JobQueueConfig CODFW = JobQueueConfig.of("codfw").withConsumeDcs(List.of("codfw", "eqiad"));

    /** A queue that runs at most {@code window} jobs at once in each lane. */
    private static JobQueueConfig window(final int window) {
        return JobQueueConfig.of("eqiad")
                .withQueue(new QueueConfig(
                        Map.of("high", window, "normal", window, "low", window), null, null, TICK, null, null));
    }

    private static PartitionView view(final JobQueueDriver queue) {
        return PartitionView.of(stores(queue), queue.config());
    }

    private static StoreLookup stores(final JobQueueDriver queue) {
        return new StoreLookup() {
            @Override
            public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(final String name) {
                return queue.driver().getKeyValueStore(name);
            }

            @Override
            public <K, V> ReadOnlyWindowStore<K, V> windowStore(final String name) {
                return queue.driver().getWindowStore(name);
            }
        };
    }

    private static Optional<JobView> lookUp(final JobQueueDriver queue, final String eventId) {
        return view(queue).byEventId(eventId, queue.now().toEpochMilli());
    }

    private static JobView found(final JobQueueDriver queue, final String eventId) {
        final Optional<JobView> job = lookUp(queue, eventId);
        assertThat(job).isPresent();
        return job.get();
    }

    private static List<TypeDepth> depth(final JobQueueDriver queue, final String type, final String database) {
        return view(queue).depth(type, database, queue.now().toEpochMilli());
    }

    private static JobEvents send(final JobQueueDriver queue, final JobEvents event) {
        queue.send(event);
        return event;
    }

    private static ControlRule rule(final ControlAction action, final String type, final boolean purge) {
        return new ControlRule(
                action, null, null, type, null, null, purge, JobQueueDriver.START.toEpochMilli(), "ops@host");
    }

    private static List<String> eventIds(final Listing listing) {
        return listing.jobs().stream().map(ListedJob::eventId).toList();
    }

    @Test
    void shouldReportAJobWaitingBehindAFullLane() {
        try (JobQueueDriver queue = new JobQueueDriver(window(1))) {
            // Given: a job runs and fills the lane
            send(queue, JobEvents.job(TYPE));
            final Instant enqueued = queue.now();

            // When: another arrives
            final JobEvents waiting = send(queue, JobEvents.job(TYPE).database("dewiki"));
            queue.advance(TICK);

            // Then: it waits, ready, not paused
            final JobView job = found(queue, waiting.eventId());
            assertThat(job.state()).isEqualTo("waiting");
            assertThat(job.lane()).isEqualTo("normal");
            assertThat(job.type()).isEqualTo(TYPE);
            assertThat(job.database()).isEqualTo("dewiki");
            assertThat(job.jobKey()).isEqualTo(waiting.jobKey());
            assertThat(job.paused()).isFalse();
            assertThat(job.due()).isNull();
            assertThat(job.enqueuedAt()).isEqualTo(enqueued.toString());
            assertThat(job.attempts()).isEmpty();
        }
    }

    @Test
    void shouldReportADelayedJobWithItsDueTime() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            final Instant due = queue.now().plus(Duration.ofHours(1));

            // When: a job delayed for an hour arrives
            final JobEvents delayed = send(queue, JobEvents.job(TYPE).delayUntil(due));
            queue.advance(TICK);

            // Then
            final JobView job = found(queue, delayed.eventId());
            assertThat(job.state()).isEqualTo("delayed");
            assertThat(job.due()).isEqualTo(due.toString());
        }
    }

    @Test
    void shouldReportAJobInFlightWithItsClaimExpiry() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            final JobEvents event = send(queue, JobEvents.job(TYPE));

            // When: it is released
            queue.advance(TICK);
            final JobCommand command = queue.commands("normal").get(0);

            // Then
            final JobView job = found(queue, event.eventId());
            assertThat(job.state()).isEqualTo("in-flight");
            assertThat(job.due())
                    .isEqualTo(Instant.ofEpochMilli(command.getClaimExpiresAt()).toString());
        }
    }

    @Test
    void shouldReportAnotherDcsJobAsHeld() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given
            final JobEvents event = JobEvents.job(TYPE).dt(codfw.now().minusSeconds(1));

            // When: eqiad's job reaches codfw through the mirror
            codfw.sendFrom("eqiad", event);
            codfw.advance(TICK);

            // Then
            assertThat(found(codfw, event.eventId()).state()).isEqualTo("held");
        }
    }

    @Test
    void shouldReportADoneJobWithItsAttempt() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a released job
            final JobEvents event = send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);
            final JobCommand command = queue.commands("normal").get(0);

            // When: it succeeds
            queue.ok(command);

            // Then
            final JobView job = found(queue, event.eventId());
            assertThat(job.state()).isEqualTo("done");
            assertThat(job.attempts())
                    .extracting(AttemptView::commandId, AttemptView::outcome, AttemptView::httpStatus)
                    .containsExactly(tuple(command.getCommandId(), "ok", 200));
        }
    }

    @Test
    void shouldReportADeadLetteredJobWithEveryAttempt() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            final JobEvents event = send(queue, JobEvents.job(TYPE));

            // When: it fails three times, retried after 60 s and 360 s
            queue.advance(TICK);
            queue.fail(queue.commands("normal").get(0));
            queue.advanceInSteps(Duration.ofSeconds(1), 61);
            queue.fail(queue.commands("normal").get(0));
            queue.advanceInSteps(Duration.ofSeconds(1), 361);
            queue.fail(queue.commands("normal").get(0));

            // Then
            final JobView job = found(queue, event.eventId());
            assertThat(job.state()).isEqualTo("dead-letter");
            assertThat(job.reason()).startsWith("failed 3 times");
            assertThat(job.attempts()).extracting(AttemptView::attempt).containsExactly(1, 2, 3);
            assertThat(job.attempts()).extracting(AttemptView::httpStatus).containsOnly(500);
        }
    }

    @Test
    void shouldReportASha1TwinAsDeduplicatedWithTheWaitingWinner() {
        try (JobQueueDriver queue = new JobQueueDriver(window(1))) {
            // Given: a job fills the lane, and a sha1 job waits
            send(queue, JobEvents.job(TYPE));
            final JobEvents winner = send(queue, JobEvents.job(TYPE).sha1("abc"));

            // When: its twin arrives
            final JobEvents twin = send(queue, JobEvents.job(TYPE).sha1("abc"));

            // Then
            final JobView job = found(queue, twin.eventId());
            assertThat(job.state()).isEqualTo("deduplicated");
            assertThat(job.reason()).isEqualTo("sha1-waiting");
            assertThat(job.winner()).isEqualTo(winner.eventId());
            assertThat(found(queue, winner.eventId()).state()).isEqualTo("waiting");
        }
    }

    @Test
    void shouldReportADuplicateFoundAtRelease() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a sha1 job ran
            send(queue, JobEvents.job(TYPE).sha1("abc"));
            queue.advance(TICK);
            queue.ok(queue.commands("normal").get(0));

            // When: a twin created a minute before that run arrives
            final JobEvents late =
                    send(queue, JobEvents.job(TYPE).sha1("abc").dt(queue.now().minus(Duration.ofMinutes(1))));
            queue.advance(TICK);

            // Then: the release dropped it
            assertThat(queue.allCommands()).isEmpty();
            final JobView job = found(queue, late.eventId());
            assertThat(job.state()).isEqualTo("deduplicated");
            assertThat(job.reason()).isEqualTo("executed-after-creation");
        }
    }

    @Test
    void shouldReportAJobThatADropRulePurged() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: a delayed job
            final JobEvents event =
                    send(queue, JobEvents.job(TYPE).delayUntil(queue.now().plus(Duration.ofHours(1))));

            // When: an operator drops its type, purging the queue
            queue.control(rule(ControlAction.drop, TYPE, true));
            queue.advanceInSteps(TICK, 3);

            // Then
            final JobView job = found(queue, event.eventId());
            assertThat(job.state()).isEqualTo("dropped");
            assertThat(job.reason()).isEqualTo("rule");
        }
    }

    @Test
    void shouldFindNothingForAnEventIdNeverSeen() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given
            send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);

            // When
            final Optional<JobView> job = lookUp(queue, "00000000-0000-0000-0000-000000000000");

            // Then
            assertThat(job).isEmpty();
        }
    }

    @Test
    void shouldFindAJobByItsJobKeyWaitingOrInFlight() {
        try (JobQueueDriver queue = new JobQueueDriver(window(1))) {
            // Given: one job in flight, one waiting
            final JobEvents running = send(queue, JobEvents.job(TYPE));
            final JobEvents waiting = send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);

            // When
            final long now = queue.now().toEpochMilli();
            final Optional<JobView> first = view(queue).byJobKey(running.jobKey(), now);
            final Optional<JobView> second = view(queue).byJobKey(waiting.jobKey(), now);

            // Then
            assertThat(first).map(JobView::state).contains("in-flight");
            assertThat(first).map(JobView::eventId).contains(running.eventId());
            assertThat(second).map(JobView::state).contains("waiting");
            assertThat(view(queue).byJobKey("enwiki:none", now)).isEmpty();
        }
    }

    @Test
    void shouldCountDepthPerTypeAndPerDatabase() {
        try (JobQueueDriver queue = new JobQueueDriver(window(1))) {
            // Given: one job in flight, two ready on enwiki, one delayed on dewiki, one of another type ready
            send(queue, JobEvents.job(TYPE));
            final Instant firstReady = queue.now();
            send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);
            send(queue, JobEvents.job(TYPE));
            send(
                    queue,
                    JobEvents.job(TYPE)
                            .database("dewiki")
                            .delayUntil(queue.now().plus(Duration.ofHours(1))));
            send(queue, JobEvents.job("htmlCacheUpdate"));
            queue.advance(TICK);

            // When
            final List<TypeDepth> perType = depth(queue, null, null);
            final List<TypeDepth> onEnwiki = depth(queue, TYPE, "enwiki");
            final List<TypeDepth> onDewiki = depth(queue, TYPE, "dewiki");

            // Then
            assertThat(perType)
                    .containsExactly(
                            new TypeDepth(
                                    "normal",
                                    "htmlCacheUpdate",
                                    null,
                                    1,
                                    0,
                                    0,
                                    0,
                                    perType.get(0).oldestReadyAt()),
                            new TypeDepth("normal", TYPE, null, 2, 1, 1, 0, firstReady.toEpochMilli()));
            assertThat(onEnwiki).containsExactly(new TypeDepth("normal", TYPE, "enwiki", 2, 0, 1, 0, null));
            assertThat(onDewiki).containsExactly(new TypeDepth("normal", TYPE, "dewiki", 0, 1, 0, 0, null));
        }
    }

    @Test
    void shouldCountHeldJobsAndForgetEmptyCounts() {
        try (JobQueueDriver codfw = new JobQueueDriver(CODFW)) {
            // Given: an eqiad job held in codfw
            final JobEvents event = JobEvents.job(TYPE).dt(codfw.now().minusSeconds(1));
            codfw.sendFrom("eqiad", event);
            codfw.advance(TICK);
            assertThat(depth(codfw, TYPE, null)).containsExactly(new TypeDepth("normal", TYPE, null, 0, 0, 0, 1, null));

            // When: a local job is released and done
            codfw.send(JobEvents.job("htmlCacheUpdate"));
            codfw.advance(TICK);
            codfw.ok(codfw.commands("normal").get(0));

            // Then: its type has no count left
            assertThat(depth(codfw, null, null)).containsExactly(new TypeDepth("normal", TYPE, null, 0, 0, 0, 1, null));
        }
    }

    @Test
    void shouldCountAPausedJobAsReady() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: the type is paused
            queue.control(rule(ControlAction.pause, TYPE, false));
            queue.advance(TICK);

            // When: a job of it arrives
            final JobEvents event = send(queue, JobEvents.job(TYPE));
            queue.advanceInSteps(TICK, 3);

            // Then: it is still ready, and shown as paused
            assertThat(depth(queue, TYPE, null)).extracting(TypeDepth::ready).containsExactly(1L);
            final JobView job = found(queue, event.eventId());
            assertThat(job.state()).isEqualTo("waiting");
            assertThat(job.paused()).isTrue();
        }
    }

    @Test
    void shouldListTheOldestReadyJobsFirstWithinTheLimit() {
        try (JobQueueDriver queue = new JobQueueDriver(window(1))) {
            // Given: a job in flight, then three ready a tick apart
            send(queue, JobEvents.job(TYPE));
            final JobEvents first = send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);
            final JobEvents second = send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);
            send(queue, JobEvents.job(TYPE));

            // When
            final Listing listing = view(queue).list(TYPE, ListedState.READY, 2, 100);

            // Then
            assertThat(eventIds(listing)).containsExactly(first.eventId(), second.eventId());
            assertThat(listing.truncated()).isTrue();
            assertThat(listing.jobs()).extracting(ListedJob::state).containsOnly("ready");
        }
    }

    @Test
    void shouldListDelayedJobsByDueTime() {
        try (JobQueueDriver queue = new JobQueueDriver(JobQueueConfig.of("eqiad"))) {
            // Given: three delayed jobs, the latest due first
            final Instant now = queue.now();
            final JobEvents last = send(queue, JobEvents.job(TYPE).delayUntil(now.plus(Duration.ofHours(3))));
            final JobEvents middle = send(queue, JobEvents.job(TYPE).delayUntil(now.plus(Duration.ofHours(2))));
            final JobEvents soonest = send(queue, JobEvents.job(TYPE).delayUntil(now.plus(Duration.ofHours(1))));

            // When
            final Listing all = view(queue).list(TYPE, ListedState.DELAYED, 10, 100);
            final Listing bounded = view(queue).list(TYPE, ListedState.DELAYED, 10, 2);

            // Then
            assertThat(eventIds(all)).containsExactly(soonest.eventId(), middle.eventId(), last.eventId());
            assertThat(all.truncated()).isFalse();
            assertThat(all.jobs().get(0).since())
                    .isEqualTo(now.plus(Duration.ofHours(1)).toString());
            assertThat(eventIds(bounded)).containsExactly(soonest.eventId(), middle.eventId());
            assertThat(bounded.truncated()).isTrue();
        }
    }

    @Test
    void shouldListJobsInFlightByReleaseTime() {
        try (JobQueueDriver queue = new JobQueueDriver(window(5))) {
            // Given: two jobs released a tick apart
            final JobEvents first = send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);
            final JobEvents second = send(queue, JobEvents.job(TYPE));
            queue.advance(TICK);

            // When
            final Listing listing = view(queue).list(TYPE, ListedState.IN_FLIGHT, 10, 100);

            // Then
            assertThat(eventIds(listing)).containsExactly(first.eventId(), second.eventId());
            assertThat(listing.truncated()).isFalse();
            assertThat(listing.jobs()).extracting(ListedJob::state).containsOnly("in-flight");
        }
    }

    @Test
    void shouldParseTheListedStatesAndNameTheChoices() {
        // Given // When // Then
        assertThat(ListedState.parse("in-flight")).isEqualTo(ListedState.IN_FLIGHT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListedState.parse("running"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ready, delayed, in-flight");
    }
}
