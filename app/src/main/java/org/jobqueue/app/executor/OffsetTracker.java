package org.jobqueue.app.executor;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition may be committed, and which commands finished beyond them. A partition's offset is
 * the lowest command not yet finished; the commands that finished above it travel in the commit's metadata (as
 * Confluent's parallel consumer does), so that after a crash or a rebalance they are skipped, not run again. Commands
 * may finish in any order.
 *
 * <p>A finished command stays "awaiting commit" until a commit that records it is acknowledged: the executor keeps
 * its slot until then, so what a crash can make run again never exceeds the lane's concurrency.
 *
 * <p>Not thread-safe: one consumer's poll thread owns it.
 */
final class OffsetTracker {
    /** The most finished offsets one commit records above its offset (the broker caps metadata at 4 KiB). */
    static final int MAX_RECORDED = 500;

    private static final String PREFIX = "done:";

    /** Offsets to commit, and the finished commands that committing them makes durable. */
    record Commit(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Set<Long>> finished) {
        boolean isEmpty() {
            return offsets.isEmpty();
        }
    }

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final Map<TopicPartition, Set<Long>> doneBeforeAssignment = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> acknowledged = new HashMap<>();

    /**
     * Where to resume {@code partition} when it is assigned, given the group's committed offset as read back: this
     * tracker's own last acknowledged commit when that is further. A broker that restarts can answer with an older
     * commit for a few seconds while it loads its offsets (seen with Kafka 4.3.1 in the soak); nobody commits below
     * an offset another owner committed, so the further one is the true one. Null: the consumer's own position.
     */
    OffsetAndMetadata resumeAt(final TopicPartition partition, final OffsetAndMetadata readBack) {
        final OffsetAndMetadata own = acknowledged.get(partition);
        final OffsetAndMetadata resume =
                own != null && (readBack == null || own.offset() > readBack.offset()) ? own : readBack;
        restore(partition, resume);
        return resume == readBack ? null : resume;
    }

    /** Reads what the last owner of {@code partition} recorded as finished above its committed offset. */
    void restore(final TopicPartition partition, final OffsetAndMetadata committed) {
        if (committed == null
                || committed.metadata() == null
                || !committed.metadata().startsWith(PREFIX)) return;
        final String deltas = committed.metadata().substring(PREFIX.length());
        if (deltas.isEmpty()) return;
        final Set<Long> done = new HashSet<>();
        for (final String delta : deltas.split(",")) done.add(committed.offset() + Long.parseLong(delta, 36));
        doneBeforeAssignment.put(partition, done);
    }

    /** Whether the command at {@code offset} finished under the partition's previous owner. */
    boolean isDone(final TopicPartition partition, final long offset) {
        return doneBeforeAssignment.getOrDefault(partition, Set.of()).contains(offset);
    }

    /** A command at {@code offset} was fetched and is not finished yet. */
    void track(final TopicPartition partition, final long offset) {
        partitions
                .computeIfAbsent(partition, ignored -> new PartitionOffsets(offset))
                .track(offset);
    }

    /** The command at {@code offset} is finished. An offset not tracked (e.g. of a revoked partition) is ignored. */
    void finish(final TopicPartition partition, final long offset) {
        final PartitionOffsets offsets = partitions.get(partition);
        if (offsets != null) offsets.finish(offset);
    }

    /** What to commit: every partition with finished commands that no acknowledged commit records yet. */
    Commit committable() {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        final Map<TopicPartition, Set<Long>> finished = new HashMap<>();
        partitions.forEach((partition, tracked) -> {
            if (tracked.awaitingCommit.isEmpty()) return;
            offsets.put(partition, tracked.commitPoint());
            finished.put(partition, Set.copyOf(tracked.awaitingCommit));
        });
        return new Commit(offsets, finished);
    }

    /** {@code commit} was acknowledged: the commands it records are durable. */
    void committed(final Commit commit) {
        commit.offsets().forEach((partition, offset) -> acknowledged.merge(partition, offset, OffsetTracker::further));
        commit.finished().forEach((partition, finished) -> {
            final PartitionOffsets tracked = partitions.get(partition);
            if (tracked != null) tracked.awaitingCommit.removeAll(finished);
        });
    }

    private static OffsetAndMetadata further(final OffsetAndMetadata a, final OffsetAndMetadata b) {
        return b.offset() >= a.offset() ? b : a;
    }

    /** Drops what is known of {@code revoked}: another consumer owns them now, from their last commit. */
    void forget(final Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
        revoked.forEach(doneBeforeAssignment::remove);
    }

    /** The commands fetched and not finished, over every partition. */
    int pending() {
        return partitions.values().stream()
                .mapToInt(offsets -> offsets.unfinished.size())
                .sum();
    }

    /** The finished commands that no acknowledged commit records yet, over every partition. */
    int awaitingCommit() {
        return partitions.values().stream()
                .mapToInt(offsets -> offsets.awaitingCommit.size())
                .sum();
    }

    private static final class PartitionOffsets {
        private final TreeSet<Long> unfinished = new TreeSet<>();
        private final TreeSet<Long> finishedAbove = new TreeSet<>();
        private final Set<Long> awaitingCommit = new HashSet<>();
        private long nextAfterHighestTracked;

        PartitionOffsets(final long firstOffset) {
            this.nextAfterHighestTracked = firstOffset;
        }

        void track(final long offset) {
            unfinished.add(offset);
            nextAfterHighestTracked = Math.max(nextAfterHighestTracked, offset + 1);
        }

        void finish(final long offset) {
            if (!unfinished.remove(offset)) return;
            finishedAbove.add(offset);
            awaitingCommit.add(offset);
            finishedAbove.headSet(lowestUnfinished()).clear();
        }

        private long lowestUnfinished() {
            return unfinished.isEmpty() ? nextAfterHighestTracked : unfinished.first();
        }

        OffsetAndMetadata commitPoint() {
            final long offset = lowestUnfinished();
            final String deltas = finishedAbove.stream()
                    .limit(MAX_RECORDED)
                    .map(finished -> Long.toString(finished - offset, 36))
                    .collect(Collectors.joining(","));
            return new OffsetAndMetadata(offset, PREFIX + deltas);
        }
    }
}
