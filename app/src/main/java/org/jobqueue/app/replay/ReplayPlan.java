package org.jobqueue.app.replay;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a replay moves each partition of a data centre's job topics: the application's committed offset (null when it
 * never read the partition, so it would start at the earliest), the first offset at or after the replay time, and the
 * offset it will read from. A replay goes back, never forward: a partition whose committed offset is already earlier
 * keeps it, so no job is skipped.
 */
record ReplayPlan(List<Move> moves) {
    /** One partition's move. */
    record Move(TopicPartition partition, Long committed, long atTime, long end) {
        long target() {
            return committed == null ? atTime : Math.min(committed, atTime);
        }

        boolean changes() {
            return committed == null || target() != committed;
        }

        /** The records the application will read again, or for the first time, from the target on. */
        long reRead() {
            return committed == null ? end - target() : committed - target();
        }
    }

    long totalReRead() {
        return moves.stream().mapToLong(Move::reRead).sum();
    }

    Map<TopicPartition, OffsetAndMetadata> newOffsets() {
        return moves.stream()
                .filter(Move::changes)
                .collect(Collectors.toMap(Move::partition, move -> new OffsetAndMetadata(move.target())));
    }
}
