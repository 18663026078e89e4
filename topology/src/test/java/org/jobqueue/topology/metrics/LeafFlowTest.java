package org.jobqueue.topology.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How long the oldest leaf that the queue has not read has waited, as the expansions see it. */
class LeafFlowTest {
    @Test
    void shouldMeasureTheWaitFromTheFirstLeafNotRead() {
        // Given: a queue task reading, leaves written at 1000 and 1100, a record of 1000 read
        final LeafFlow flow = new LeafFlow();
        flow.readerStarted("2_0");
        flow.emitted(1_000);
        flow.emitted(1_100);
        flow.read(1_000, 1_050);

        // When // Then: the leaves not read were written after 1000: they count as waiting from then
        assertThat(flow.unreadWait(1_400)).isEqualTo(400);

        // When: a record written after them is read
        flow.read(1_200, 1_450);

        // Then: nothing waits, until new leaves are written
        assertThat(flow.unreadWait(1_500)).isZero();
        flow.emitted(1_600);
        assertThat(flow.unreadWait(1_700)).isEqualTo(100);
    }

    @Test
    void shouldNotPaceWithoutAQueueTaskInThisInstance() {
        // Given: leaves written and nothing here to read them
        final LeafFlow flow = new LeafFlow();
        flow.emitted(1_000);

        // When // Then
        assertThat(flow.unreadWait(60_000)).isZero();
    }

    @Test
    void shouldNotLetAReplayedOldRecordOrAClockAheadMoveTheReadPosition() {
        // Given
        final LeafFlow flow = new LeafFlow();
        flow.readerStarted("2_0");
        flow.emitted(1_000);

        // When: a replayed record of long ago is read, then one stamped in the future
        flow.read(10, 1_100);
        final long beforeFuture = flow.unreadWait(1_200);
        flow.read(99_999, 1_300);

        // Then: the first does not count as reading the leaves; the second counts as read up to now
        assertThat(beforeFuture).isEqualTo(200);
        assertThat(flow.unreadWait(1_300)).isZero();
    }
}
