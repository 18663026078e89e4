package org.jobqueue.app.run;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far this instance's state is from its changelogs: every restoration of a store is logged when it ends (records,
 * seconds), and standby replicas report how many changelog records they are behind ({@code jobqueue.standby.lag}) and
 * how many they have applied ({@code jobqueue.standby.records-applied}), so an operator can tell when a standby is
 * ready to take over.
 */
final class StateProgress implements StateRestoreListener, StandbyUpdateListener {
    static final String STANDBY_LAG = "jobqueue.standby.lag";
    static final String STANDBY_RECORDS_APPLIED = "jobqueue.standby.records-applied";
    private static final Logger log = LoggerFactory.getLogger(StateProgress.class);

    private final Map<TopicPartition, Long> restoreStarts = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> standbyLag = new ConcurrentHashMap<>();
    private final Counter standbyRecordsApplied;

    StateProgress(final MetricRegistry registry) {
        registry.register(STANDBY_LAG, (Gauge<Long>) this::standbyLag);
        this.standbyRecordsApplied = registry.counter(STANDBY_RECORDS_APPLIED);
    }

    /** How many stores are being restored now: while any is, this instance is not ready. */
    int restoringStores() {
        return restoreStarts.size();
    }

    long standbyLag() {
        return standbyLag.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void onRestoreStart(
            final TopicPartition partition, final String store, final long startingOffset, final long endingOffset) {
        restoreStarts.put(partition, System.nanoTime());
        if (endingOffset > startingOffset) {
            log.info("Restoring {} from {}: offsets {} to {}", store, partition, startingOffset, endingOffset);
        }
    }

    @Override
    public void onBatchRestored(
            final TopicPartition partition, final String store, final long batchEndOffset, final long records) {}

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String store, final long totalRestored) {
        final Long started = restoreStarts.remove(partition);
        if (started == null || totalRestored == 0) return;
        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Restored {}: {} records in {} ms", store, totalRestored, took.toMillis());
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String store, final long totalRestored) {
        restoreStarts.remove(partition);
    }

    @Override
    public void onUpdateStart(final TopicPartition partition, final String store, final long startingOffset) {}

    @Override
    public void onBatchLoaded(
            final TopicPartition partition,
            final String store,
            final TaskId task,
            final long batchEndOffset,
            final long batchSize,
            final long currentEndOffset) {
        standbyLag.put(partition, Math.max(0, currentEndOffset - batchEndOffset - 1));
        standbyRecordsApplied.inc(batchSize);
    }

    @Override
    public void onUpdateSuspended(
            final TopicPartition partition,
            final String store,
            final long storeOffset,
            final long currentEndOffset,
            final SuspendReason reason) {
        standbyLag.remove(partition);
    }
}
