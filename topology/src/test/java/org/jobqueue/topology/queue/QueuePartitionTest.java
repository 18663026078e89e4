package org.jobqueue.topology.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.queue.state.QueueStoresFixture.copy;
import static org.jobqueue.topology.queue.state.QueueStoresFixture.queued;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.QueueStores;
import org.jobqueue.topology.queue.state.QueueStoresFixture;
import org.junit.jupiter.api.Test;

/**
 * A queue partition rebuilds its indexes once per opening of its stores: a task resumed after a suspension
 * initialises its processors again over the stores it kept open, which hold them already.
 */
class QueuePartitionTest {
    private static final JobQueueConfig CONFIG = JobQueueConfig.of("eqiad");

    @Test
    void shouldNotCountTheJobsAgainWhenAResumedTaskInitialisesItsProcessorsOverOpenStores() {
        try (QueueStoresFixture stores = new QueueStoresFixture()) {
            // Given: a partition restored with one ready job, its indexes rebuilt at the task's start
            final MockProcessorContext<Void, Void> before = stores.newContext();
            new QueueState(before, null).makeReady(queued("refreshLinks", "a"));
            final MockProcessorContext<Void, Void> restored = stores.newContext();
            copy(before, restored, QueueStores.WAITING);
            QueuePartition.of(restored, CONFIG, CONFIG.topicRegistry()).rebuildIndexes("2_0");

            // When: the task is suspended and resumed, its processor initialised again over the same open stores
            final QueuePartition resumed = QueuePartition.of(restored, CONFIG, CONFIG.topicRegistry());
            resumed.rebuildIndexes("2_0");

            // Then: the job is counted once
            assertThat(resumed.state().size("normal")).isEqualTo(new LaneSize(1, 0, 0));
        }
    }
}
