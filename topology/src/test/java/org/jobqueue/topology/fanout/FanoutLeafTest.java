package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.fanout.Fanout.drain;
import static org.jobqueue.topology.fanout.Fanout.leaves;
import static org.jobqueue.topology.fanout.Fanout.pages;
import static org.jobqueue.topology.fanout.FanoutExpansionTest.recursive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jobqueue.schemas.Job;
import org.jobqueue.serdes.json.JobEventParser;
import org.jobqueue.serdes.json.ParseResult;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.fanout.Fanout.Leaf;
import org.jobqueue.topology.fanout.Fanout.Links;
import org.junit.jupiter.api.Test;

/**
 * What a leaf looks like (DESIGN §4.5; MediaWiki's children of partitionBacklinkJob, GT7/GT8): a valid job event of
 * the parent's type and database, with {@code params.pages}, the parent's root and cause copied, no recursion, a
 * deterministic {@code meta.id}, and a sha1 exactly when it holds one page.
 */
class FanoutLeafTest {
    private static final Instant T = JobQueueDriver.START;
    private static final String SIGNATURE = "refreshlinks:templatelinks:Template:X";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldBuildEachLeafAsAJobOfTheParentWithItsRootAndCauseCopied() throws Exception {
        final JobQueueConfig config = Fanout.config("refreshLinks", 300, 1);
        try (JobQueueDriver queue = new JobQueueDriver(config)) {
            // Given
            new Links(queue).add(pages(1, 3));
            final JobEvents parentEvent = recursive("refreshLinks").root(SIGNATURE, T);
            final JsonNode parent = JSON.readTree(parentEvent.json());
            // When
            queue.send(parentEvent);
            final List<Leaf> leaves = leaves(drain(queue));
            // Then
            assertThat(leaves).hasSize(3);
            final JobEventParser parser = new JobEventParser(config.queue().maxEventBytes());
            final String topic =
                    config.topicRegistry().jobEvents("refreshLinks").name();
            assertThat(leaves).allSatisfy(leaf -> {
                final JsonNode event = leaf.event();
                final JsonNode params = leaf.params();
                assertThat(leaf.command().getType()).isEqualTo("refreshLinks");
                assertThat(event.path("type").asText()).isEqualTo("refreshLinks");
                assertThat(event.path("database").asText()).isEqualTo("enwiki");
                assertThat(leaf.command().getDatabase()).isEqualTo("enwiki");
                assertThat(params.has("recursive")).isFalse();
                assertThat(params.has("table")).isFalse();
                assertThat(params.has("range")).isFalse();
                for (final String copied :
                        List.of("rootJobSignature", "rootJobTimestamp", "causeAction", "causeAgent", "requestId")) {
                    assertThat(params.get(copied))
                            .as(copied)
                            .isEqualTo(parent.path("params").get(copied));
                }
                assertThat(event.get("root_event")).isEqualTo(parent.get("root_event"));
                assertThat(params.path("namespace").asInt()).isEqualTo(10);
                assertThat(params.path("title").asText()).isEqualTo("X");
                assertThat(params.path("triggeredRecursive").asBoolean()).isTrue();
                assertThat(event.path("sha1").asText()).isNotEmpty();
                assertThat(leaf.command().getJobKey())
                        .isEqualTo("enwiki|sha1|" + event.path("sha1").asText());
                final long page = leaf.pageIds().get(0);
                assertThat(params.path("pages").path(Long.toString(page)))
                        .isEqualTo(JSON.createArrayNode().add(0).add("P_" + page));
                final ParseResult parsed =
                        parser.parse(leaf.command().getEvent().getBytes(StandardCharsets.UTF_8), topic);
                assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
                final Job job = ((ParseResult.Valid) parsed).job();
                assertThat(job.getFanout()).isNull();
                assertThat(job.getWorkItems()).isEqualTo(1);
                assertThat(job.getEventId()).isEqualTo(leaf.command().getEventId());
            });
        }
    }

    @Test
    void shouldGiveASha1ToSinglePageLeavesOnly() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("htmlCacheUpdate", 300, 100))) {
            // Given: GT8's variant, 901 backlinks, so the last leaf holds one page
            new Links(queue).load(pages(1, 901));
            // When
            queue.send(recursive("htmlCacheUpdate"));
            final List<Leaf> leaves = leaves(drain(queue));
            // Then
            assertThat(leaves).hasSize(10);
            assertThat(leaves).allSatisfy(leaf -> {
                final boolean single = leaf.pageIds().size() == 1;
                assertThat(leaf.event().has("sha1"))
                        .as("sha1 of %s", leaf.pageIds())
                        .isEqualTo(single);
                assertThat(leaf.command().getJobKey()).contains(single ? "|sha1|" : "|id|");
                assertThat(leaf.params().has("triggeredRecursive")).isFalse();
            });
            assertThat(leaves.stream().filter(leaf -> leaf.event().has("sha1")))
                    .singleElement()
                    .satisfies(leaf -> assertThat(leaf.pageIds()).containsExactly(901L));
        }
    }

    @Test
    void shouldGiveLeavesTheSameIdsWheneverTheSameJobIsExpanded() {
        // Given: one recursive job event, expanded by two instances from the same backlinks
        final JobEvents parent = recursive("refreshLinks").id("11111111-2222-3333-4444-555555555555");
        // When
        final List<String> first = leafIds(parent);
        final List<String> second = leafIds(parent);
        // Then
        assertThat(first).hasSize(50).doesNotHaveDuplicates();
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    void shouldNotMarkALeafAsItsOwnRootJob() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: a base job from Job::newRootJobParams, so rootJobIsSelf is true on it
            new Links(queue).add(pages(1, 2));
            final JobEvents parent = recursive("refreshLinks").root(SIGNATURE, T);
            // When
            queue.send(parent);
            final List<Leaf> leaves = leaves(drain(queue));
            // Then: MediaWiki's children carry only rootJobSignature and rootJobTimestamp, never being root jobs
            // (reference §2, §5.3); a leaf with rootJobIsSelf is a root job to Job::isRootJob()
            assertThat(leaves).hasSize(2);
            assertThat(leaves)
                    .extracting(leaf -> leaf.params().get("rootJobIsSelf"))
                    .containsOnlyNulls();
        }
    }

    private static List<String> leafIds(final JobEvents parent) {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 20, 1))) {
            new Links(queue).load(pages(1, 50));
            queue.send(parent);
            final List<Leaf> leaves = leaves(drain(queue));
            leaves.forEach(leaf -> assertThat(leaf.command().getEventId()).isEqualTo(leaf.metaId()));
            return leaves.stream().map(Leaf::metaId).toList();
        }
    }
}
