package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.ExecutorConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.Test;

class ReleaseOrderTest {
    private static final Duration TICK = Duration.ofMillis(100);

    private static TypeConfig lane(final String priority) {
        return new TypeConfig(priority, null, null, null, null);
    }

    private static QueueConfig windows(final int perLane, final Integer maxScanPerTick) {
        return new QueueConfig(
                Map.of("high", perLane, "normal", perLane, "low", perLane), null, null, TICK, maxScanPerTick, null);
    }

    /** One partition, so that a type's rate is not split: the driver runs a single task. */
    private static JobQueueConfig onePartition(final QueueConfig queue, final Map<String, TypeConfig> types) {
        return new JobQueueConfig(
                "eqiad", null, null, null, null, null, new TopicsConfig(1, null), queue, null, null, types);
    }

    private static List<String> eventIds(final List<JobCommand> commands) {
        return commands.stream().map(JobCommand::getEventId).toList();
    }

    private static List<String> send(final JobQueueDriver queue, final String type, final int count) {
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final JobEvents event = JobEvents.job(type).title("Page_" + i);
            queue.send(event);
            ids.add(event.eventId());
        }
        return ids;
    }

    @Test
    void shouldReleaseHighLaneBeforeLowUnderAFullWindow() {
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withQueue(windows(2, null))
                .withTypes(Map.of("cdnPurge", lane("high"), "htmlCacheUpdate", lane("low")));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: five jobs in each lane, the low ones first, and windows of two
            final List<String> low = send(queue, "htmlCacheUpdate", 5);
            final List<String> high = send(queue, "cdnPurge", 5);

            // When
            queue.advance(TICK);
            final List<JobCommand> highFirst = queue.commands("high");
            final List<JobCommand> lowFirst = queue.commands("low");

            // Then: each lane fills its own window, in arrival order, whatever the other lane does
            assertThat(eventIds(highFirst)).containsExactlyElementsOf(high.subList(0, 2));
            assertThat(eventIds(lowFirst)).containsExactlyElementsOf(low.subList(0, 2));
            assertThat(highFirst)
                    .allSatisfy(command -> assertThat(Lanes.of(command)).isEqualTo("high"));
            assertThat(lowFirst)
                    .allSatisfy(command -> assertThat(Lanes.of(command)).isEqualTo("low"));
            assertThat(queue.commands("normal")).isEmpty();

            // Then: no lane goes beyond its window while nothing comes back
            queue.advanceInSteps(TICK, 10);
            assertThat(queue.allCommands()).isEmpty();
            assertThat(queue.metrics().laneSize("high").inFlight()).isEqualTo(2);
            assertThat(queue.metrics().laneSize("low").inFlight()).isEqualTo(2);

            // When: the high lane's results come back
            highFirst.forEach(queue::ok);
            queue.advance(TICK);

            // Then: the high lane's next two go, and the low lane, still full, waits
            assertThat(eventIds(queue.commands("high"))).containsExactlyElementsOf(high.subList(2, 4));
            assertThat(queue.commands("low")).isEmpty();

            // When: one low result comes back
            queue.ok(lowFirst.get(0));
            queue.advance(TICK);

            // Then: exactly one more low job goes
            assertThat(eventIds(queue.commands("low"))).containsExactly(low.get(2));
            assertThat(queue.commands("high")).isEmpty();
        }
    }

    @Test
    void shouldReleaseOnArrivalWhileTheLaneHasRoomAndNothingWaits() {
        // Given: a window of two and an idle queue
        final JobQueueConfig config = JobQueueConfig.of("eqiad").withQueue(windows(2, null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // When: three jobs arrive, and no tick comes
            final List<String> sent = send(queue, "refreshLinks", 3);

            // Then: the first two went at once, at their arrival; the third waits for room and a tick
            final List<JobCommand> atOnce = queue.commands("normal");
            assertThat(eventIds(atOnce)).containsExactlyElementsOf(sent.subList(0, 2));
            assertThat(atOnce)
                    .allSatisfy(command ->
                            assertThat(command.getReleasedAt()).isEqualTo(JobQueueDriver.START.toEpochMilli()));

            // When: one comes back, and a fourth arrives before the tick
            queue.ok(atOnce.get(0));
            send(queue, "refreshLinks", 1);

            // Then: the fourth does not overtake the third, which waits ahead of it; the tick releases the third, and
            // the fourth waits for room
            assertThat(queue.commands("normal")).isEmpty();
            queue.advance(TICK);
            assertThat(eventIds(queue.commands("normal"))).containsExactly(sent.get(2));
        }
    }

    @Test
    void shouldSpendTheScanBudgetOnTheHighLaneFirst() {
        // Given: a tick may read only three store entries (a lane's type list, then one job per release); both lanes'
        // windows of two are full, and three more jobs wait in each
        final JobQueueConfig config = JobQueueConfig.of("eqiad")
                .withQueue(windows(2, 3))
                .withTypes(Map.of("cdnPurge", lane("high"), "htmlCacheUpdate", lane("low")));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            send(queue, "htmlCacheUpdate", 2);
            send(queue, "cdnPurge", 2);
            final List<JobCommand> running = queue.allCommands();
            send(queue, "htmlCacheUpdate", 3);
            send(queue, "cdnPurge", 3);

            // When: the running jobs finish, and a tick comes
            running.forEach(queue::ok);
            queue.advance(TICK);

            // Then: the high lane is served first, though its jobs arrived last
            assertThat(queue.commands("high")).hasSize(2);
            assertThat(queue.commands("low")).isEmpty();

            // When: the high lane's window is full
            queue.advance(TICK);

            // Then: it costs no scan, and the low lane gets the budget
            assertThat(queue.commands("high")).isEmpty();
            assertThat(queue.commands("low")).hasSize(2);
        }
    }

    @Test
    void shouldNotLetAFloodingTypeStarveAnotherTypeInTheSameLane() {
        // Given: 1,000 jobs of one type, the first 10 of them filling the lane's window of 10, then 5 of another type
        final JobQueueConfig config = JobQueueConfig.of("eqiad").withQueue(windows(10, null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            final List<String> flood = send(queue, "htmlCacheUpdate", 1_000);
            final List<JobCommand> running = queue.commands("normal");
            final List<String> late = send(queue, "refreshLinks", 5);

            // When: the window frees up
            running.forEach(queue::ok);
            queue.advance(TICK);
            final List<JobCommand> next = queue.commands("normal");

            // Then: the types alternate round by round, so the late type's five go in the next window
            assertThat(eventIds(running)).containsExactlyElementsOf(flood.subList(0, 10));
            assertThat(eventIds(next))
                    .containsExactly(
                            flood.get(10), late.get(0),
                            flood.get(11), late.get(1),
                            flood.get(12), late.get(2),
                            flood.get(13), late.get(3),
                            flood.get(14), late.get(4));

            // When: the window frees up again
            next.forEach(queue::ok);
            queue.advance(TICK);

            // Then: the flood goes on where it stopped
            assertThat(eventIds(queue.commands("normal"))).containsExactlyElementsOf(flood.subList(15, 25));
        }
    }

    @Test
    void shouldPutALateTypeInTheCurrentRoundNotBehindTheFlood() {
        // Given: a flood already half released
        final JobQueueConfig config = JobQueueConfig.of("eqiad").withQueue(windows(10, null));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            send(queue, "htmlCacheUpdate", 100);
            for (int round = 0; round < 5; round++) {
                queue.advance(TICK);
                queue.commands("normal").forEach(queue::ok);
            }

            // When: another type arrives
            final List<String> late = send(queue, "refreshLinks", 2);
            queue.advance(TICK);

            // Then: it goes in the next window, not after the 50 jobs of the flood still waiting
            assertThat(eventIds(queue.commands("normal"))).containsAll(late);
        }
    }

    @Test
    void shouldHoldAPerTypeRateLimit() {
        // Given: 10 work items/s for one type, a leaf of 100 pages then 200 one-item jobs of it, and 50 jobs of an
        // unlimited type
        final JobQueueConfig config = onePartition(
                windows(1_000, null), Map.of("htmlCacheUpdate", new TypeConfig(null, 10.0, null, null, null)));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            final JobEvents leaf = JobEvents.job("htmlCacheUpdate").pages(100);
            queue.send(leaf);
            send(queue, "htmlCacheUpdate", 200);
            send(queue, "refreshLinks", 50);
            final Map<String, Integer> items = new HashMap<>();
            items.put(leaf.eventId(), 100);

            // When: 20 s of wall clock, every command answered at once
            final List<JobCommand> rated = new ArrayList<>();
            final List<JobCommand> free = new ArrayList<>();
            for (int step = 0; step < 200; step++) {
                queue.advance(TICK);
                for (final JobCommand command : queue.commands("normal")) {
                    (command.getType().equals("htmlCacheUpdate") ? rated : free).add(command);
                    queue.ok(command);
                }
            }

            // Then: the unlimited type is not held back
            assertThat(free).hasSize(50);
            assertThat(free)
                    .allSatisfy(command -> assertThat(command.getReleasedAt())
                            .isEqualTo(JobQueueDriver.START.plus(TICK).toEpochMilli()));
            // Then: the leaf runs first and counts its 100 pages: the type's next job waits 10 s
            assertThat(rated.get(0).getEventId()).isEqualTo(leaf.eventId());
            assertThat(rated.get(1).getReleasedAt() - rated.get(0).getReleasedAt())
                    .isBetween(10_000L, 10_000L + TICK.toMillis());
            // Then: over the 20 s, the released items stay within rate × 20 s plus one job's worth
            final int released = rated.stream()
                    .mapToInt(command -> items.getOrDefault(command.getEventId(), 1))
                    .sum();
            assertThat(released).isLessThanOrEqualTo(10 * 20 + 100).isGreaterThanOrEqualTo(10 * 20 - 100);
            // Then: after the leaf, the one-item jobs go at 10/s
            assertThat(rated.subList(1, rated.size()))
                    .allSatisfy(command -> assertThat(command.getReleasedAt())
                            .isGreaterThanOrEqualTo(rated.get(0).getReleasedAt() + 10_000));
            assertThat(rated.size() - 1).isBetween(99, 101);
        }
    }

    @Test
    void shouldReachARateAboveOneJobPerTick() {
        // Given: 100 items/s on one partition, a tick of 100 ms, and 2,000 one-item jobs waiting
        final JobQueueConfig config = onePartition(
                windows(1_000, null), Map.of("htmlCacheUpdate", new TypeConfig(null, 100.0, null, null, null)));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            send(queue, "htmlCacheUpdate", 2_000);

            // When: 10 s of wall clock, every command answered at once
            int released = 0;
            for (int step = 0; step < 100; step++) {
                queue.advance(TICK);
                for (final JobCommand command : queue.commands("normal")) {
                    released++;
                    queue.ok(command);
                }
            }

            // Then: about rate × 10 s = 1,000 items went, not one job per tick
            assertThat(released).isBetween(1_000 - 10, 1_000 + 10);
        }
    }

    @Test
    void shouldNotLetAThrottledTypeStarveTheLowerLanes() {
        // Given: a high-lane type held to 1 item/s with 50 jobs waiting, a scan budget of 10 entries per tick, and 5
        // jobs in the normal lane
        final JobQueueConfig config =
                onePartition(windows(1_000, 10), Map.of("cdnPurge", new TypeConfig("high", 1.0, null, null, null)));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            send(queue, "cdnPurge", 50);
            final List<String> normal = send(queue, "refreshLinks", 5);

            // When: 3 s of wall clock
            final List<JobCommand> released = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                queue.advance(TICK);
                released.addAll(queue.commands("normal"));
            }

            // Then: the normal lane's jobs went, though the throttled high-lane jobs are still waiting
            assertThat(eventIds(released)).containsExactlyInAnyOrderElementsOf(normal);
        }
    }

    @Test
    void shouldNotLetAThrottledTypeStarveAnotherTypeInTheSameLane() {
        // Given: a type held to 1 item/s with 100 jobs waiting, 200 jobs of an unlimited type in the same lane, and a
        // scan budget of 20 entries per tick
        final JobQueueConfig config = onePartition(
                windows(1_000, 20), Map.of("htmlCacheUpdate", new TypeConfig(null, 1.0, null, null, null)));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            send(queue, "htmlCacheUpdate", 100);
            send(queue, "refreshLinks", 200);

            // When: 5 s of wall clock, every command answered at once
            int free = 0;
            for (int step = 0; step < 50; step++) {
                queue.advance(TICK);
                for (final JobCommand command : queue.commands("normal")) {
                    if (command.getType().equals("refreshLinks")) free++;
                    queue.ok(command);
                }
            }

            // Then: the unlimited type went at the pace of the scan budget (about 10 a tick), not of the throttled type
            assertThat(free).isEqualTo(200);
        }
    }

    @Test
    void shouldKeepASlowTypeWithinItsShareOfTheWindowAndReleaseTheFastOnesBehindIt() {
        // Given: a normal window of five, of which webVideoTranscode may hold two (types.T.max_in_flight)
        final TypeConfig slow = new TypeConfig("normal", null, null, null, null, null, null, null, 2);
        final JobQueueConfig config =
                onePartition(windows(5, null), Map.of("webVideoTranscode", slow, "refreshLinks", lane("normal")));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // When: four transcodes arrive, then four fast jobs behind them, and a tick passes
            final List<String> videos = send(queue, "webVideoTranscode", 4);
            final List<String> fast = send(queue, "refreshLinks", 4);
            queue.advance(TICK);
            final List<JobCommand> first = queue.commands("normal");

            // Then: two transcodes hold their share and the fast jobs fill the rest of the window
            assertThat(eventIds(first))
                    .containsExactlyElementsOf(
                            List.of(videos.get(0), videos.get(1), fast.get(0), fast.get(1), fast.get(2)));

            // When: the fast jobs come back, and ticks pass
            first.stream()
                    .filter(command -> command.getType().equals("refreshLinks"))
                    .forEach(queue::ok);
            queue.advanceInSteps(TICK, 5);

            // Then: the last fast job goes, and no third transcode while two are in flight
            assertThat(eventIds(queue.commands("normal"))).containsExactly(fast.get(3));

            // When: a transcode comes back
            queue.ok(first.get(0));
            queue.advance(TICK);

            // Then: exactly one more transcode goes
            assertThat(eventIds(queue.commands("normal"))).containsExactly(videos.get(2));
        }
    }

    @Test
    void shouldReleaseTheJobsOfALaneOfItsOwnToItsOwnCommandTopicWithinItsWindow() {
        // Given: a video lane with a window of two besides the built-in lanes, and webVideoTranscode in it
        final QueueConfig lanes = new QueueConfig(Map.of("video", 2), null, null, TICK, null, null);
        final ExecutorConfig executor = new ExecutorConfig(null, null, null, Map.of("video", 1));
        final JobQueueConfig config = new JobQueueConfig(
                "eqiad",
                null,
                null,
                null,
                null,
                null,
                new TopicsConfig(1, null),
                lanes,
                executor,
                null,
                Map.of("webVideoTranscode", lane("video")));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // When: three transcodes and a fast job arrive, and a tick passes
            final List<String> videos = send(queue, "webVideoTranscode", 3);
            final List<String> fast = send(queue, "refreshLinks", 1);
            queue.advance(TICK);

            // Then: two transcodes went to eqiad.jobqueue.commands.video, marked with their lane; the fast job went
            // to its own lane, not held behind them
            final List<JobCommand> video = queue.commands("video");
            assertThat(eventIds(video)).containsExactlyElementsOf(videos.subList(0, 2));
            assertThat(video)
                    .allSatisfy(command -> assertThat(Lanes.of(command)).isEqualTo("video"));
            assertThat(eventIds(queue.commands("normal"))).containsExactlyElementsOf(fast);
            assertThat(config.topicRegistry().writtenTopicNames()).contains("eqiad.jobqueue.commands.video");

            // When: one transcode comes back
            queue.ok(video.get(0));
            queue.advance(TICK);

            // Then: the third goes, within the video lane's window
            assertThat(eventIds(queue.commands("video"))).containsExactly(videos.get(2));
            assertThat(queue.metrics().laneSize("video").inFlight()).isEqualTo(2);
        }
    }

    @Test
    void shouldClaimATypeWithItsOwnLongTimeoutForAsLongAsItsCallsMayTake() {
        // Given: claim_ttl 1 h, the executor's timeout 7 min, and webVideoTranscode's own timeout a day
        final TypeConfig transcode =
                new TypeConfig("normal", null, null, null, null, null, null, Duration.ofDays(1), null);
        final JobQueueConfig config =
                onePartition(windows(10, null), Map.of("webVideoTranscode", transcode, "refreshLinks", lane("normal")));
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // When: one job of each arrives
            send(queue, "webVideoTranscode", 1);
            send(queue, "refreshLinks", 1);
            queue.advance(TICK);

            // Then: the transcode's claim is longer by what its timeout exceeds the executor's; the other keeps 1 h
            final Map<String, Long> claims = new HashMap<>();
            queue.commands("normal")
                    .forEach(command ->
                            claims.put(command.getType(), command.getClaimExpiresAt() - command.getReleasedAt()));
            assertThat(claims)
                    .containsEntry("refreshLinks", Duration.ofHours(1).toMillis())
                    .containsEntry(
                            "webVideoTranscode",
                            Duration.ofHours(1)
                                    .plus(Duration.ofDays(1))
                                    .minus(Duration.ofMinutes(7))
                                    .toMillis());
        }
    }
}
