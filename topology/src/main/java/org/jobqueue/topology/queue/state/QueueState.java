package org.jobqueue.topology.queue.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.stores.ChangelogMarks;
import org.jobqueue.topology.stores.ClockSkew;

/**
 * The queue of one partition, over its stores: every change keeps the waiting jobs, the ready, paused and delayed
 * indexes, the in-flight jobs, their claim index and the lane counters consistent with each other.
 */
public final class QueueState {
    private final KeyValueStore<String, QueuedJob> waiting;
    private final KeyValueStore<Bytes, String> ready;
    private final KeyValueStore<Bytes, String> paused;
    private final KeyValueStore<Bytes, Long> readyTypes;
    private final KeyValueStore<Bytes, String> delayed;
    private final KeyValueStore<String, InFlightJob> inFlight;
    private final KeyValueStore<Bytes, String> claims;
    private final WindowStore<String, String> executed;
    private final Counters counters;
    private final ClockSkew skew;
    private final Map<Bytes, Bytes> readyCursors = new HashMap<>();

    public QueueState(final ProcessingContext context, final ClockSkew skew) {
        this.skew = skew;
        this.waiting = context.getStateStore(QueueStores.WAITING);
        this.ready = context.getStateStore(QueueStores.READY);
        this.paused = context.getStateStore(QueueStores.PAUSED);
        this.readyTypes = context.getStateStore(QueueStores.READY_TYPES);
        this.delayed = context.getStateStore(QueueStores.DELAYED);
        this.inFlight = context.getStateStore(QueueStores.IN_FLIGHT);
        this.claims = context.getStateStore(QueueStores.CLAIMS);
        this.executed = context.getStateStore(QueueStores.EXECUTED);
        this.counters = new Counters(context.getStateStore(QueueStores.DEPTHS));
    }

    /** Gives every store of the queue that has a changelog an offset (see {@link ChangelogMarks}). */
    public void markChangelogs(final long now) {
        ChangelogMarks.mark(waiting);
        ChangelogMarks.mark(inFlight);
        ChangelogMarks.markWindow(executed, now);
    }

    /**
     * Rebuilds the ready, paused, delayed and claim indexes and the counters from the waiting and in-flight jobs: a
     * scan of both stores when the task starts. Every ready job goes back to the ready index, in its place; the
     * releaser sets those that a pause still holds aside again.
     */
    public IndexRebuild.Counts rebuildIndexes() {
        final IndexRebuild.Counts counts =
                new IndexRebuild(ready, readyTypes, delayed, claims, counters).rebuild(waiting, inFlight);
        counters.markBuilt();
        return counts;
    }

    /** Whether the indexes were built since these stores opened (they start empty, and are built once). */
    public boolean indexesBuilt() {
        return counters.isBuilt();
    }

    public QueuedJob waiting(final String jobKey) {
        return waiting.get(jobKey);
    }

    public InFlightJob inFlight(final String commandId) {
        return inFlight.get(commandId);
    }

    /** A scan of the delayed index for the jobs that are due: due key → job key. */
    public DueScan dueDelayed(final int limit) {
        return new DueScan(delayed, limit);
    }

    /** A scan of the claim index for the claims that expired: due key → command id. */
    public DueScan expiredClaims(final int limit) {
        return new DueScan(claims, limit);
    }

    /** A scan of the paused index for the jobs whose pause is over (see {@link PausedScan}). */
    public PausedScan pausedJobs(final int limit, final List<String> lanes) {
        return new PausedScan(paused, limit, lanes);
    }

    /** A scan of every waiting job, ready, paused or delayed, in turns of at most {@code limit}. */
    public WaitingScan waitingJobs(final int limit) {
        return new WaitingScan(waiting, limit);
    }

    /** Whether a pause holds some ready jobs aside in the paused index. */
    public boolean hasPaused() {
        return counters.paused() > 0;
    }

    /**
     * Sets a ready job aside in the paused index, so that the release of its type's other jobs does not read it again;
     * it still counts as ready, and keeps its ready key to go back to its place.
     */
    public void pause(final Bytes readyKey, final QueuedJob queued) {
        ready.delete(readyKey);
        paused.put(
                QueueKeys.paused(readyKey, queued.getJob().getDatabase()),
                queued.getJob().getJobKey());
        addReadyOfType(Lanes.of(queued), queued.getJob().getType(), -1);
        counters.addPaused(1);
    }

    /**
     * Whether an older job of the same type and database is still set aside in the paused index: a pause that just
     * ended is lifted a bounded number of jobs per tick, and the younger jobs must not overtake those not yet back.
     */
    public boolean isBehindPaused(final Bytes readyKey, final QueuedJob queued) {
        if (counters.paused() == 0) return false;
        final String database = queued.getJob().getDatabase();
        final Bytes groupStart = QueueKeys.paused(
                QueueKeys.ready(Lanes.of(queued), queued.getJob().getType(), 0), database);
        try (KeyValueIterator<Bytes, String> older = paused.range(groupStart, QueueKeys.paused(readyKey, database))) {
            return older.hasNext();
        }
    }

    /** Puts a paused job back in the ready index, at its place in its type's arrival order. */
    public void resume(final Bytes pausedKey, final String jobKey) {
        paused.delete(pausedKey);
        counters.addPaused(-1);
        final QueuedJob queued = waiting.get(jobKey);
        if (queued == null || queued.getReadyKey() == null) return;
        final String lane = Lanes.of(queued);
        final String type = queued.getJob().getType();
        ready.put(QueueKeys.readyOfPaused(pausedKey), jobKey);
        addReadyOfType(lane, type, 1);
        // It lands before the type's cursor, which assumes that nothing new does.
        readyCursors.remove(QueueKeys.typePrefix(lane, type));
    }

    /** Removes a ready-index entry whose job is gone. */
    public void dropStaleReady(final Bytes readyKey) {
        ready.delete(readyKey);
    }

    /** Removes a claim-index entry whose command is no longer in flight. */
    public void dropStaleClaim(final Bytes dueKey) {
        claims.delete(dueKey);
    }

    /** Puts a job at the back of its type's ready jobs in its lane. */
    public void makeReady(final QueuedJob queued) {
        final String lane = Lanes.of(queued);
        final String type = queued.getJob().getType();
        final Bytes key = QueueKeys.ready(lane, type, counters.nextSeq());
        ready.put(key, queued.getJob().getJobKey());
        addReadyOfType(lane, type, 1);
        queued.setReadyKey(ByteBuffer.wrap(key.get()));
        queued.setDueAt(null);
        waiting.put(queued.getJob().getJobKey(), queued);
        counters.addReady(lane, queued.getJob(), 1);
    }

    /** Holds a job in the delayed index until {@code dueAt}. */
    public void delay(final QueuedJob queued, final long dueAt) {
        final String jobKey = queued.getJob().getJobKey();
        delayed.put(QueueKeys.due(dueAt, jobKey), jobKey);
        queued.setDueAt(dueAt);
        queued.setReadyKey(null);
        waiting.put(jobKey, queued);
        counters.addDelayed(Lanes.of(queued), queued.getJob(), 1);
    }

    /**
     * Takes a due job out of the delayed index; it is still waiting, and the caller makes it ready or {@linkplain
     * #forget forgets} it. Null if the entry is stale.
     */
    public QueuedJob takeDue(final Bytes dueKey, final String jobKey) {
        delayed.delete(dueKey);
        final QueuedJob queued = waiting.get(jobKey);
        if (queued == null || queued.getDueAt() == null) return null;
        counters.addDelayed(Lanes.of(queued), queued.getJob(), -1);
        return queued;
    }

    /** Removes a job taken from the delayed index that was released or dropped at once. */
    public void forget(final QueuedJob queued) {
        waiting.delete(queued.getJob().getJobKey());
    }

    /** Stores a change to a waiting job that leaves its place in the indexes as it is. */
    public void update(final QueuedJob queued) {
        waiting.put(queued.getJob().getJobKey(), queued);
    }

    /** Removes a waiting job, ready, paused or delayed. */
    public void remove(final QueuedJob queued) {
        final String jobKey = queued.getJob().getJobKey();
        if (queued.getReadyKey() != null) {
            final Bytes readyKey = QueueKeys.readyKeyOf(queued);
            if (ready.get(readyKey) != null) {
                dropReady(readyKey, queued);
            } else {
                dropPaused(readyKey, queued);
            }
        } else if (queued.getDueAt() != null) {
            delayed.delete(QueueKeys.due(queued.getDueAt(), jobKey));
            waiting.delete(jobKey);
            counters.addDelayed(Lanes.of(queued), queued.getJob(), -1);
        }
    }

    private void dropPaused(final Bytes readyKey, final QueuedJob queued) {
        final Bytes pausedKey = QueueKeys.paused(readyKey, queued.getJob().getDatabase());
        if (paused.get(pausedKey) != null) counters.addPaused(-1);
        paused.delete(pausedKey);
        waiting.delete(queued.getJob().getJobKey());
        counters.addReady(Lanes.of(queued), queued.getJob(), -1);
    }

    /** Removes a ready job that will not run (a duplicate found at release). */
    public void dropReady(final Bytes readyKey, final QueuedJob queued) {
        ready.delete(readyKey);
        waiting.delete(queued.getJob().getJobKey());
        counters.addReady(Lanes.of(queued), queued.getJob(), -1);
        addReadyOfType(Lanes.of(queued), queued.getJob().getType(), -1);
    }

    private void addReadyOfType(final String lane, final String type, final long delta) {
        final Bytes key = QueueKeys.laneType(lane, type);
        final Long current = readyTypes.get(key);
        final long count = (current == null ? 0 : current) + delta;
        if (count > 0) {
            readyTypes.put(key, count);
        } else {
            readyTypes.delete(key);
            // A type with no ready job keeps no cursor: a flood of one-off type names must not grow the heap.
            readyCursors.remove(QueueKeys.typePrefix(lane, type));
        }
    }

    /** The types with ready jobs in {@code lane}, in name order: at most {@code limit}. */
    public List<String> readyTypes(final String lane, final int limit) {
        final List<String> types = new ArrayList<>();
        try (KeyValueIterator<Bytes, Long> entries =
                readyTypes.range(QueueKeys.laneStart(lane), QueueKeys.laneEnd(lane))) {
            while (types.size() < limit && entries.hasNext()) {
                types.add(QueueKeys.typeOf(entries.next().key));
            }
        }
        return types;
    }

    /**
     * The oldest ready job of {@code type} in {@code lane}, if any; the caller removes it. The search starts where the
     * last one was found: everything before it is gone, and RocksDB would otherwise step over all of their tombstones
     * again at every release. Ready keys grow with the arrival sequence, so nothing new lands before it.
     */
    public KeyValue<Bytes, String> firstReady(final String lane, final String type) {
        final Bytes prefix = QueueKeys.typePrefix(lane, type);
        final Bytes from = readyCursors.getOrDefault(prefix, prefix);
        try (KeyValueIterator<Bytes, String> entries = ready.range(from, QueueKeys.prefixEnd(prefix))) {
            if (!entries.hasNext()) return null;
            final KeyValue<Bytes, String> first = entries.next();
            readyCursors.put(prefix, first.key);
            return first;
        }
    }

    /**
     * Releases a job that is not (or no longer) in the ready index: it becomes in flight until its result or its claim
     * expiry.
     */
    public JobCommand launch(final QueuedJob queued, final long now, final long claimTtlMs) {
        final String lane = Lanes.of(queued);
        final Job job = queued.getJob();
        final String commandId =
                QueueKeys.commandId(job.getEventId(), queued.getAttempts().size() + queued.getAttemptsNotKept() + 1);
        final long claimExpiresAt = now + claimTtlMs;
        inFlight.put(
                commandId,
                new InFlightJob(
                        job,
                        null,
                        lane,
                        queued.getAttempt(),
                        queued.getAttempts(),
                        queued.getAttemptsNotKept(),
                        queued.getEnqueuedAt(),
                        now,
                        claimExpiresAt));
        claims.put(QueueKeys.due(claimExpiresAt, commandId), commandId);
        counters.addInFlight(lane, job, 1);
        // A twin created before now is redundant from here on, as ChangeProp marks a sha1 at execution start.
        if (job.getSha1() != null) recordExecution(job.getJobKey(), job.getEventId(), now);
        return new JobCommand(
                commandId,
                job.getJobKey(),
                job.getEventId(),
                job.getDatabase(),
                job.getType(),
                null,
                lane,
                queued.getAttempt(),
                now,
                claimExpiresAt,
                job.getEvent());
    }

    /** Ends an in-flight job's claim; returns its attempts including {@code attempt}. */
    public AttemptHistory finish(final String commandId, final InFlightJob job, final Attempt attempt) {
        inFlight.delete(commandId);
        claims.delete(QueueKeys.due(job.getClaimExpiresAt(), commandId));
        counters.addInFlight(Lanes.of(job), job.getJob(), -1);
        return new AttemptHistory(job.getAttempts(), job.getAttemptsNotKept()).plus(attempt);
    }

    /** Notes that the job {@code eventId} under {@code jobKey} started executing at {@code startedAt}. */
    public void recordExecution(final String jobKey, final String eventId, final long startedAt) {
        executed.put(jobKey, eventId, skew.clamp(startedAt));
    }

    /** Whether another job than {@code eventId} under {@code jobKey} started executing after {@code time}. */
    public boolean twinExecutedAfter(final String jobKey, final String eventId, final long time) {
        try (WindowStoreIterator<String> starts = executed.fetch(jobKey, time + 1, Long.MAX_VALUE)) {
            while (starts.hasNext()) {
                if (!eventId.equals(starts.next().value)) return true;
            }
            return false;
        }
    }

    public long readyCount(final String lane) {
        return counters.ready(lane);
    }

    public int inFlightCount(final String lane) {
        return (int) counters.inFlight(lane);
    }

    public long inFlightCount(final String lane, final String type) {
        return counters.inFlight(lane, type);
    }

    public LaneSize size(final String lane) {
        return new LaneSize(counters.ready(lane), counters.delayed(lane), counters.inFlight(lane));
    }
}
