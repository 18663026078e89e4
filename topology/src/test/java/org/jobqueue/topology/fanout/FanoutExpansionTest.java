package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.fanout.Fanout.ENWIKI;
import static org.jobqueue.topology.fanout.Fanout.TEMPLATE;
import static org.jobqueue.topology.fanout.Fanout.TEMPLATELINKS;
import static org.jobqueue.topology.fanout.Fanout.drain;
import static org.jobqueue.topology.fanout.Fanout.leaves;
import static org.jobqueue.topology.fanout.Fanout.pageIds;
import static org.jobqueue.topology.fanout.Fanout.pages;
import static org.jobqueue.topology.fanout.Fanout.tick;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.fanout.Fanout.Leaf;
import org.jobqueue.topology.fanout.Fanout.Links;
import org.junit.jupiter.api.Test;

/**
 * The fan-out of recursive backlink jobs (DESIGN §4.5, MediaWiki's partitionBacklinkJob, golden tests GT7–GT9), seen
 * from outside: backlinks go in through the links topic (the large sets straight into the backlinks store, see
 * {@link Links#load}), recursive jobs through the job topics, and the leaves come out of the command topics as the
 * executors would get them.
 */
class FanoutExpansionTest {
    private static final Instant T = JobQueueDriver.START;
    private static final String SIGNATURE = "refreshlinks:templatelinks:Template:X";

    @Test
    void shouldExpandAThousandBacklinksIntoAThousandSinglePageRefreshLinksLeaves() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: GT7, template X used by pages 1..1000
            new Links(queue).load(pages(1, 1000));
            // When
            queue.send(recursive("refreshLinks"));
            final List<JobCommand> commands = drain(queue);
            // Then
            final List<Leaf> leaves = leaves(commands);
            assertThat(leaves).hasSize(1_000);
            assertThat(leaves).allSatisfy(leaf -> assertThat(leaf.pageIds()).hasSize(1));
            assertThat(pageIds(leaves)).containsExactlyInAnyOrderElementsOf(pages(1, 1000));
        }
    }

    @Test
    void shouldExpandAtMostOneBatchPerExpansionPerTick() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given
            new Links(queue).load(pages(1, 1000));
            queue.send(recursive("refreshLinks"));
            // When
            final List<Long> expandedAfterEachTick = new ArrayList<>();
            final List<Long> runningAfterEachTick = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tick(queue);
                expandedAfterEachTick.add(queue.metrics().totalFanout("backlinks-expanded"));
                runningAfterEachTick.add(queue.metrics().expansionsRunning());
            }
            // Then: 300, 300, 300, 100, as MediaWiki's base job and remnants d1..d3 (GT7)
            assertThat(expandedAfterEachTick).containsExactly(300L, 600L, 900L, 1_000L, 1_000L);
            assertThat(runningAfterEachTick).containsExactly(1L, 1L, 1L, 0L, 0L);
            assertThat(queue.metrics().totalFanout("expansions-finished")).isEqualTo(1);
        }
    }

    @Test
    void shouldReadAtMostMaxScanPerTickBacklinksPerTickOverAllExpansions() {
        final JobQueueConfig config = Fanout.withMaxScanPerTick(Fanout.config("refreshLinks", 100, 1), 150);
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: two templates with 300 backlinks each, both edited
            final Links links = new Links(queue);
            links.load(TEMPLATE, pages(1, 300));
            links.load("Y", pages(1_001, 1_300));
            queue.send(recursive("refreshLinks"));
            queue.send(JobEvents.job("refreshLinks").recursive(TEMPLATELINKS, "Y"));
            // When
            final List<JobCommand> commands = new ArrayList<>();
            final List<Long> expandedPerTick = new ArrayList<>();
            long expanded = 0;
            while (queue.metrics().totalFanout("expansions-finished") < 2 && expandedPerTick.size() < 50) {
                commands.addAll(tick(queue));
                final long total = queue.metrics().totalFanout("backlinks-expanded");
                expandedPerTick.add(total - expanded);
                expanded = total;
            }
            commands.addAll(drain(queue));
            // Then: every tick stays within the budget, which the first one uses up; both expansions reach the end
            assertThat(expandedPerTick)
                    .allSatisfy(perTick -> assertThat(perTick).isLessThanOrEqualTo(150));
            assertThat(expandedPerTick.get(0)).isEqualTo(150);
            assertThat(queue.metrics().totalFanout("expansions-finished")).isEqualTo(2);
            final List<Long> all = new ArrayList<>(pages(1, 300));
            all.addAll(pages(1_001, 1_300));
            assertThat(pageIds(leaves(commands))).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void shouldExpandAThousandBacklinksIntoTenHtmlCacheUpdateLeavesOfAHundredPages() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("htmlCacheUpdate", 300, 100))) {
            // Given: GT8
            new Links(queue).load(pages(1, 1000));
            // When
            queue.send(recursive("htmlCacheUpdate"));
            final List<Leaf> leaves = leaves(drain(queue));
            // Then: {1..100}, {101..200}, ..., {901..1000}
            assertThat(leaves).hasSize(10);
            assertThat(leaves).allSatisfy(leaf -> assertThat(leaf.pageIds()).hasSize(100));
            assertThat(pageIds(leaves)).containsExactlyInAnyOrderElementsOf(pages(1, 1000));
            assertThat(leaves.stream().map(leaf -> leaf.pageIds().get(0)))
                    .containsExactlyInAnyOrder(1L, 101L, 201L, 301L, 401L, 501L, 601L, 701L, 801L, 901L);
        }
    }

    @Test
    void shouldExpandTwoHundredFiftyBacklinksInOneStep() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: GT7's variant, fewer backlinks than one batch
            new Links(queue).load(pages(1, 250));
            queue.send(recursive("refreshLinks"));
            // When
            final List<JobCommand> firstTick = tick(queue);
            // Then: the first tick reads all 250 and finishes, and the idle lane releases the 250 leaves as they come
            assertThat(queue.metrics().totalFanout("backlinks-expanded")).isEqualTo(250);
            assertThat(queue.metrics().totalFanout("leaves-emitted")).isEqualTo(250);
            assertThat(queue.metrics().totalFanout("expansions-finished")).isEqualTo(1);
            assertThat(pageIds(leaves(firstTick))).containsExactlyInAnyOrderElementsOf(pages(1, 250));
            assertThat(drain(queue)).isEmpty();
        }
    }

    @Test
    void shouldFinishAnExpansionWithNoBacklinksWithoutALeaf() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: another template has backlinks, X has none
            new Links(queue).add(ENWIKI, "Other", pages(1, 10));
            // When
            queue.send(recursive("refreshLinks"));
            final List<JobCommand> commands = drain(queue);
            // Then
            assertThat(commands).isEmpty();
            assertThat(queue.metrics().totalFanout("expansions-started")).isEqualTo(1);
            assertThat(queue.metrics().totalFanout("expansions-finished")).isEqualTo(1);
            assertThat(queue.metrics().totalFanout("leaves-emitted")).isZero();
            assertThat(expansionCount(queue)).isZero();
        }
    }

    @Test
    void shouldIncludeABacklinkAddedBeyondTheCursorDuringAnExpansion() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 2, 1))) {
            // Given: GT9, backlinks 5, 8, 13, 21, 34 and a batch of 2; the first step expands 5 and 8
            final Links links = new Links(queue);
            links.add(List.of(5L, 8L, 13L, 21L, 34L));
            queue.send(recursive("refreshLinks"));
            final List<JobCommand> commands = new ArrayList<>(tick(queue));
            assertThat(queue.metrics().totalFanout("backlinks-expanded")).isEqualTo(2);
            // When: page 30 starts using the template, above the cursor
            links.add(List.of(30L));
            commands.addAll(drain(queue));
            // Then
            assertThat(pageIds(leaves(commands))).containsExactlyInAnyOrder(5L, 8L, 13L, 21L, 30L, 34L);
        }
    }

    @Test
    void shouldHonourARemovalBeforeTheCursorReachesIt() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 2, 1))) {
            // Given: backlinks 1..10, the first step expands 1 and 2
            final Links links = new Links(queue);
            links.add(pages(1, 10));
            queue.send(recursive("refreshLinks"));
            final List<JobCommand> commands = new ArrayList<>(tick(queue));
            assertThat(queue.metrics().totalFanout("backlinks-expanded")).isEqualTo(2);
            // When: page 7 stops using the template
            links.remove(List.of(7L));
            commands.addAll(drain(queue));
            // Then
            assertThat(pageIds(leaves(commands))).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L);
        }
    }

    @Test
    void shouldStartARemnantWithARangeAtItsRangeStart() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: a remnant MediaWiki partitioned, as GT7's R2 (range.start 601)
            new Links(queue).load(pages(1, 1000));
            // When
            queue.send(recursive("refreshLinks").rangeStart(601));
            final List<Leaf> leaves = leaves(drain(queue));
            // Then
            assertThat(pageIds(leaves)).containsExactlyInAnyOrderElementsOf(pages(601, 1000));
            assertThat(leaves)
                    .allSatisfy(leaf -> assertThat(leaf.params().has("range")).isFalse());
        }
    }

    @Test
    void shouldKeepTheSameTemplateOnTwoWikisApart() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: Template:X on enwiki is used by pages 1..5, Template:X on dewiki by pages 101..103
            final Links links = new Links(queue);
            links.add(ENWIKI, TEMPLATE, pages(1, 5));
            links.add("dewiki", TEMPLATE, pages(101, 103));
            // When: only dewiki's template is edited
            queue.send(recursive("refreshLinks").database("dewiki"));
            final List<Leaf> leaves = leaves(drain(queue));
            // Then
            assertThat(pageIds(leaves)).containsExactlyInAnyOrder(101L, 102L, 103L);
            assertThat(leaves).allSatisfy(leaf -> {
                assertThat(leaf.event().path("database").asText()).isEqualTo("dewiki");
                assertThat(leaf.command().getDatabase()).isEqualTo("dewiki");
            });
        }
    }

    @Test
    void shouldPassARecursiveJobOfATypeWithoutFanoutThroughAsOneJob() {
        final JobQueueConfig config = Fanout.config("refreshLinks", 300, 1);
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given: htmlCacheUpdate has no fanout config, and X has backlinks
            new Links(queue).add(pages(1, 10));
            final JobEvents job = recursive("htmlCacheUpdate");
            // When
            queue.send(job);
            final List<JobCommand> commands = drain(queue);
            // Then: MediaWiki (or another expander) gets the recursive job itself
            assertThat(commands).hasSize(1);
            assertThat(commands.get(0).getEventId()).isEqualTo(job.eventId());
            assertThat(commands.get(0).getEvent()).isEqualTo(job.json());
            assertThat(queue.metrics().totalFanout("expansions-started")).isZero();
        }
    }

    @Test
    void shouldStopTheExpansionOfASupersededRoot() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 100, 1))) {
            // Given: an expansion of root T half-way through its first 200 of 1000 backlinks
            new Links(queue).load(pages(1, 1000));
            final JobEvents older = recursive("refreshLinks").root(SIGNATURE, T);
            queue.send(older);
            final List<JobCommand> commands = new ArrayList<>(tick(queue));
            commands.addAll(tick(queue));
            // When: the template is edited again, a newer root of the same signature on the same wiki
            final Instant newerRoot = T.plusSeconds(60);
            queue.send(recursive("refreshLinks").root(SIGNATURE, newerRoot));
            commands.addAll(drain(queue));
            // Then
            final Map<Long, List<Leaf>> byRoot = leaves(commands).stream().collect(Collectors.groupingBy(Leaf::rootDt));
            assertThat(queue.metrics().totalFanout("expansions-dropped")).isEqualTo(1);
            assertThat(queue.metrics().totalFanout("expansions-finished")).isEqualTo(1);
            assertThat(pageIds(byRoot.get(newerRoot.toEpochMilli())))
                    .containsExactlyInAnyOrderElementsOf(pages(1, 1000));
            assertThat(pageIds(byRoot.getOrDefault(T.toEpochMilli(), List.of())))
                    .hasSizeLessThanOrEqualTo(200);
        }
    }

    @Test
    void shouldNotRunLeavesAgainWhenARecursiveJobIsReplayed() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: a recursive job expanded to the end
            new Links(queue).load(pages(1, 500));
            final JobEvents job = recursive("refreshLinks");
            queue.send(job);
            assertThat(drain(queue)).hasSize(500);
            // When: the same event is read again (a replay after a crash of the producer or of an instance)
            queue.send(job);
            final List<JobCommand> replayed = drain(queue);
            // Then: re-expansion gives the same leaf ids, which the queue drops as replays
            assertThat(replayed).isEmpty();
            assertThat(queue.metrics().deduplicated("event-id")).isEqualTo(500);
        }
    }

    @Test
    void shouldNotExpandADelayedRecursiveJobBeforeItIsDue() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: a recursive job delayed by a minute (MediaWiki runs a base job only once released)
            new Links(queue).add(pages(1, 10));
            queue.send(recursive("refreshLinks").delayUntil(T.plusSeconds(60)));
            // When
            final List<JobCommand> beforeDue = drain(queue);
            queue.advance(Duration.ofSeconds(60));
            final List<JobCommand> afterDue = drain(queue);
            // Then
            assertThat(pageIds(leaves(beforeDue))).isEmpty();
            assertThat(pageIds(leaves(afterDue))).containsExactlyInAnyOrderElementsOf(pages(1, 10));
        }
    }

    /** A recursive job of {@code type} on enwiki's Template:X through templatelinks, as LinksUpdate pushes it. */
    static JobEvents recursive(final String type) {
        return JobEvents.job(type)
                .recursive(TEMPLATELINKS, TEMPLATE)
                .rootParams("20260105000000", "edit-page", "Alice");
    }

    private static long expansionCount(final JobQueueDriver queue) {
        final KeyValueStore<String, Expansion> expansions = queue.driver().getKeyValueStore(FanoutStores.EXPANSIONS);
        long count = 0;
        try (KeyValueIterator<String, Expansion> all = expansions.all()) {
            for (; all.hasNext(); all.next()) count++;
        }
        return count;
    }
}
