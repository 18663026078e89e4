package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.fanout.Fanout.drain;
import static org.jobqueue.topology.fanout.Fanout.leaves;
import static org.jobqueue.topology.fanout.Fanout.pageIds;
import static org.jobqueue.topology.fanout.FanoutExpansionTest.recursive;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.fanout.Fanout.Leaf;
import org.jobqueue.topology.fanout.Fanout.Links;

/** Whatever the backlinks, the batch and the pages per leaf, the leaves hold every backlink exactly once. */
class FanoutCoveragePropertyTest {
    @Property(tries = 30)
    void shouldPutEveryBacklinkInExactlyOneLeaf(
            @ForAll @Size(max = 400) final Set<@LongRange(min = 1, max = 100_000) Long> backlinks,
            @ForAll @IntRange(min = 1, max = 50) final int batch,
            @ForAll @IntRange(min = 1, max = 20) final int pagesPerJob) {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", batch, pagesPerJob))) {
            // Given
            new Links(queue).load(backlinks);
            // When
            queue.send(recursive("refreshLinks"));
            final List<Leaf> leaves = leaves(drain(queue));
            // Then
            assertThat(pageIds(leaves)).containsExactlyInAnyOrderElementsOf(backlinks);
            assertThat(leaves).allSatisfy(leaf -> {
                assertThat(leaf.pageIds()).hasSizeBetween(1, pagesPerJob);
                assertThat(leaf.params().has("recursive")).isFalse();
                assertThat(leaf.event().has("sha1")).isEqualTo(leaf.pageIds().size() == 1);
            });
            assertThat(queue.metrics().totalFanout("expansions-finished")).isEqualTo(1);
        }
    }
}
