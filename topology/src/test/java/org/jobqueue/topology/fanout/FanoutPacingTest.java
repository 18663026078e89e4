package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.fanout.Fanout.pages;
import static org.jobqueue.topology.fanout.Fanout.tick;
import static org.jobqueue.topology.fanout.FanoutExpansionTest.recursive;

import java.time.Duration;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.fanout.Fanout.Links;
import org.jobqueue.topology.metrics.LeafFlow;
import org.junit.jupiter.api.Test;

/**
 * The expansions pause while the queue has not read leaves that waited longer than {@code queue.max_leaf_wait}
 * (1 s by default): leaves share the queue's input with every job, and a backlog of them would hold up the high lane.
 * The test driver reads every record as it is written, so the test stands in for a queue that reads late by telling
 * the instance's {@link LeafFlow} of leaves that it has not read.
 */
class FanoutPacingTest {
    @Test
    void shouldPauseTheExpansionsWhileTheQueueReadsBehindTheirLeaves() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: an expansion of 1000 backlinks, one step done
            new Links(queue).load(pages(1, 1000));
            queue.send(recursive("refreshLinks"));
            tick(queue);
            assertThat(queue.metrics().totalFanout("backlinks-expanded")).isEqualTo(300);
            final LeafFlow leafFlow = queue.metrics().leafFlow();

            // When: leaves written after everything read so far are still unread 1.1 s and 1.2 s later
            final long emittedAt = queue.now().toEpochMilli() + 1;
            leafFlow.emitted(emittedAt);
            queue.advance(Duration.ofMillis(1_100));
            queue.advance(Duration.ofMillis(100));

            // Then: those ticks expand nothing
            assertThat(queue.metrics().totalFanout("backlinks-expanded")).isEqualTo(300);
            assertThat(queue.metrics().totalFanout("ticks-paced")).isEqualTo(2);

            // When: the queue reads them
            leafFlow.read(emittedAt, queue.now().toEpochMilli());
            tick(queue);

            // Then: the expansion goes on
            assertThat(queue.metrics().totalFanout("backlinks-expanded")).isEqualTo(600);
        }
    }
}
