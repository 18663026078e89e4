package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("eqiad.jobqueue.commands.normal", 0);
    private static final TopicPartition P1 = new TopicPartition("eqiad.jobqueue.commands.normal", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldCommitNothingBeforeACommandFinishes() {
        // Given
        trackAll(P0, 10, 11, 12);
        // When, Then
        assertThat(tracker.committable().isEmpty()).isTrue();
        assertThat(tracker.pending()).isEqualTo(3);
    }

    @Test
    void shouldCommitOnlyUpToTheLowestUnfinishedCommandWhenCommandsFinishOutOfOrder() {
        // Given
        trackAll(P0, 10, 11, 12, 13, 14);
        // When 12 and 14 finish, Then the offset stays at 10 and records them as done
        tracker.finish(P0, 12);
        tracker.finish(P0, 14);
        assertThat(offsetOf(P0)).isEqualTo(10);
        assertThat(recordedDone(P0)).containsExactlyInAnyOrder(12L, 14L);
        // When 10 and 11 finish, Then the offset moves to 13, still recording 14
        tracker.finish(P0, 10);
        tracker.finish(P0, 11);
        assertThat(offsetOf(P0)).isEqualTo(13);
        assertThat(recordedDone(P0)).containsExactly(14L);
        // When 13 finishes, Then everything is below the offset
        tracker.finish(P0, 13);
        assertThat(offsetOf(P0)).isEqualTo(15);
        assertThat(recordedDone(P0)).isEmpty();
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void shouldSkipAfterAReassignmentWhatThePreviousOwnerRecordedAsDone() {
        // Given an owner whose commands 12 and 14 finished while 10 still ran
        trackAll(P0, 10, 11, 12, 13, 14);
        tracker.finish(P0, 12);
        tracker.finish(P0, 14);
        final OffsetAndMetadata committed = tracker.committable().offsets().get(P0);
        // When the next owner restores the commit
        final OffsetTracker next = new OffsetTracker();
        next.restore(P0, committed);
        // Then it skips exactly those
        assertThat(LongStream.rangeClosed(10, 14).filter(offset -> next.isDone(P0, offset)))
                .containsExactly(12L, 14L);
    }

    @Test
    void shouldResumeAfterItsOwnCommitWhenARestartedBrokerReadsBackAnOlderOne() {
        // Given commands 10 to 14 of which 10, 11, 12 and 14 finished, and their commit acknowledged
        trackAll(P0, 10, 11, 12, 13, 14);
        LongStream.of(10, 11, 12, 14).forEach(offset -> tracker.finish(P0, offset));
        tracker.committed(tracker.committable());
        tracker.forget(List.of(P0));

        // When the partition comes back while the broker reads back an older commit
        final OffsetAndMetadata resume = tracker.resumeAt(P0, new OffsetAndMetadata(3, "done:"));

        // Then it resumes at its own commit, and still skips 14
        assertThat(resume.offset()).isEqualTo(13);
        assertThat(tracker.isDone(P0, 14)).isTrue();
    }

    @Test
    void shouldResumeWhereTheGroupCommittedWhenThatIsFurtherOrItCommittedNothing() {
        // Given a commit acknowledged at 8
        trackAll(P0, 7);
        tracker.finish(P0, 7);
        tracker.committed(tracker.committable());

        // When another owner committed further, or for a partition it never committed
        // Then the consumer's own position stands
        assertThat(tracker.resumeAt(P0, new OffsetAndMetadata(20, "done:2"))).isNull();
        assertThat(tracker.isDone(P0, 22)).isTrue();
        assertThat(tracker.resumeAt(P1, new OffsetAndMetadata(5))).isNull();
        assertThat(tracker.resumeAt(P1, null)).isNull();
    }

    @Test
    void shouldKeepAFinishedCommandAwaitingUntilACommitRecordingItIsAcknowledged() {
        // Given
        trackAll(P0, 7, 8);
        tracker.finish(P0, 8);
        final OffsetTracker.Commit commit = tracker.committable();
        // When 7 finishes before the commit is acknowledged
        tracker.finish(P0, 7);
        assertThat(tracker.awaitingCommit()).isEqualTo(2);
        tracker.committed(commit);
        // Then only 8 is durable; 7 awaits the next commit
        assertThat(tracker.awaitingCommit()).isEqualTo(1);
        assertThat(offsetOf(P0)).isEqualTo(9);
        tracker.committed(tracker.committable());
        assertThat(tracker.awaitingCommit()).isZero();
        assertThat(tracker.committable().isEmpty()).isTrue();
    }

    @Test
    void shouldKeepAnOffsetCommittableWhenItsCommitWasNotConfirmed() {
        // Given
        trackAll(P0, 7);
        tracker.finish(P0, 7);
        // When a commit is built but never acknowledged, Then the next one holds the same
        assertThat(offsetOf(P0)).isEqualTo(8);
        assertThat(offsetOf(P0)).isEqualTo(8);
        assertThat(tracker.awaitingCommit()).isEqualTo(1);
    }

    @Test
    void shouldCommitPastGapsInTheOffsets() {
        // Given offsets with gaps (transaction markers)
        trackAll(P0, 3, 5, 9);
        // When all finish
        tracker.finish(P0, 9);
        tracker.finish(P0, 5);
        tracker.finish(P0, 3);
        // Then
        assertThat(offsetOf(P0)).isEqualTo(10);
    }

    @Test
    void shouldKeepPartitionsApart() {
        // Given
        trackAll(P0, 0, 1);
        trackAll(P1, 100);
        // When
        tracker.finish(P0, 1);
        tracker.finish(P1, 100);
        // Then
        assertThat(offsetOf(P0)).isEqualTo(0);
        assertThat(offsetOf(P1)).isEqualTo(101);
    }

    @Test
    void shouldForgetRevokedPartitions() {
        // Given
        trackAll(P0, 0);
        trackAll(P1, 0, 1);
        // When
        tracker.forget(List.of(P0));
        tracker.finish(P0, 0);
        tracker.finish(P1, 0);
        // Then
        assertThat(tracker.committable().offsets()).containsOnlyKeys(P1);
        assertThat(tracker.pending()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreTheEndOfACommandItNeverTracked() {
        // Given
        trackAll(P0, 3);
        // When
        tracker.finish(P0, 4);
        tracker.finish(P1, 5);
        // Then
        assertThat(tracker.committable().isEmpty()).isTrue();
        assertThat(tracker.pending()).isEqualTo(1);
    }

    @Test
    void shouldRecordAtMostABoundedNumberOfDoneOffsets() {
        // Given a command that never finishes, and many after it that do
        trackAll(P0, LongStream.range(0, OffsetTracker.MAX_RECORDED + 100).toArray());
        // When
        LongStream.range(1, OffsetTracker.MAX_RECORDED + 100).forEach(offset -> tracker.finish(P0, offset));
        // Then the metadata stays within the broker's limit
        assertThat(recordedDone(P0)).hasSize(OffsetTracker.MAX_RECORDED);
        assertThat(tracker.committable().offsets().get(P0).metadata()).hasSizeLessThan(4096);
    }

    @Test
    void shouldAlwaysCommitTheLowestUnfinishedOffsetWhateverTheOrderOfCompletion() {
        // Given commands, some fetched with gaps, finishing in a random order (fixed seeds)
        for (long seed = 0; seed < 20; seed++) {
            final OffsetTracker randomTracker = new OffsetTracker();
            final List<Long> offsets = LongStream.range(1_000, 1_300)
                    .filter(offset -> offset % 3 != 0)
                    .boxed()
                    .toList();
            offsets.forEach(offset -> randomTracker.track(P0, offset));
            final List<Long> completionOrder = new ArrayList<>(offsets);
            Collections.shuffle(completionOrder, new Random(seed));
            final TreeSet<Long> unfinished = new TreeSet<>(offsets);

            // When each finishes, Then the commit point is the lowest unfinished offset, or one past the last
            for (final long offset : completionOrder) {
                randomTracker.finish(P0, offset);
                unfinished.remove(offset);
                final long expected = unfinished.isEmpty() ? offsets.get(offsets.size() - 1) + 1 : unfinished.first();
                assertThat(randomTracker.committable().offsets().get(P0).offset())
                        .isEqualTo(expected);
            }
        }
    }

    private void trackAll(final TopicPartition partition, final long... offsets) {
        for (final long offset : offsets) tracker.track(partition, offset);
    }

    private long offsetOf(final TopicPartition partition) {
        return tracker.committable().offsets().get(partition).offset();
    }

    private List<Long> recordedDone(final TopicPartition partition) {
        final OffsetAndMetadata committed = tracker.committable().offsets().get(partition);
        final OffsetTracker restored = new OffsetTracker();
        restored.restore(partition, committed);
        return LongStream.range(committed.offset(), committed.offset() + 10_000)
                .filter(offset -> restored.isDone(partition, offset))
                .boxed()
                .collect(Collectors.toList());
    }
}
