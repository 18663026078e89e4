package org.jobqueue.topology.queue.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.stores.ChangelogMarks;

/**
 * Rebuilds a queue partition's indexes and counters from its durable stores, which the task has restored: each waiting
 * job's ready key or due time, and each in-flight job's claim expiry. Index entries are written in batches (one
 * RocksDB write batch each) and the counts summed per lane, type and database before they are stored, so its memory is
 * bounded by the batch and the number of those groups, not by the jobs.
 */
public final class IndexRebuild {
    private static final int BATCH = 10_000;
    private static final int READY = 0;
    private static final int DELAYED = 1;
    private static final int IN_FLIGHT = 2;

    private final KeyValueStore<Bytes, String> ready;
    private final KeyValueStore<Bytes, Long> readyTypes;
    private final KeyValueStore<Bytes, String> delayed;
    private final KeyValueStore<Bytes, String> claims;
    private final Counters counters;
    private final Map<Bytes, Long> readyOfType = new HashMap<>();
    private final Map<Group, long[]> counts = new HashMap<>();
    private final List<KeyValue<Bytes, String>> readyBatch = new ArrayList<>();
    private final List<KeyValue<Bytes, String>> dueBatch = new ArrayList<>();
    private long highestSeq = -1;

    IndexRebuild(
            final KeyValueStore<Bytes, String> ready,
            final KeyValueStore<Bytes, Long> readyTypes,
            final KeyValueStore<Bytes, String> delayed,
            final KeyValueStore<Bytes, String> claims,
            final Counters counters) {
        this.ready = ready;
        this.readyTypes = readyTypes;
        this.delayed = delayed;
        this.claims = claims;
        this.counters = counters;
    }

    /** How many jobs the rebuild found waiting and in flight. */
    public record Counts(long waiting, long inFlight) {}

    /** The jobs of a type on a database in a lane: ready, delayed and in flight. */
    private record Group(String lane, String type, String database) {}

    Counts rebuild(final KeyValueStore<String, QueuedJob> waiting, final KeyValueStore<String, InFlightJob> inFlight) {
        long waitingJobs = 0;
        try (KeyValueIterator<String, QueuedJob> jobs = waiting.all()) {
            while (jobs.hasNext()) {
                final KeyValue<String, QueuedJob> entry = jobs.next();
                if (entry.value != null && !ChangelogMarks.KEY.equals(entry.key)) {
                    index(entry.value);
                    waitingJobs++;
                }
            }
        }
        flush(ready, readyBatch);
        flush(delayed, dueBatch);
        long inFlightJobs = 0;
        try (KeyValueIterator<String, InFlightJob> jobs = inFlight.all()) {
            while (jobs.hasNext()) {
                final KeyValue<String, InFlightJob> entry = jobs.next();
                if (entry.value != null && !ChangelogMarks.KEY.equals(entry.key)) {
                    claim(entry.key, entry.value);
                    inFlightJobs++;
                }
            }
        }
        flush(claims, dueBatch);
        readyOfType.forEach(readyTypes::put);
        counts.forEach(this::store);
        counters.continueAfter(highestSeq);
        return new Counts(waitingJobs, inFlightJobs);
    }

    private void index(final QueuedJob queued) {
        final String lane = Lanes.of(queued);
        final Job job = queued.getJob();
        if (queued.getReadyKey() != null) {
            final byte[] key = QueueKeys.readyKeyOf(queued).get();
            add(ready, readyBatch, KeyValue.pair(Bytes.wrap(key), job.getJobKey()));
            readyOfType.merge(QueueKeys.laneType(lane, job.getType()), 1L, Long::sum);
            highestSeq = Math.max(
                    highestSeq,
                    ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong());
            count(lane, job, READY);
        } else if (queued.getDueAt() != null) {
            add(delayed, dueBatch, KeyValue.pair(QueueKeys.due(queued.getDueAt(), job.getJobKey()), job.getJobKey()));
            count(lane, job, DELAYED);
        }
    }

    private void claim(final String commandId, final InFlightJob job) {
        add(claims, dueBatch, KeyValue.pair(QueueKeys.due(job.getClaimExpiresAt(), commandId), commandId));
        count(Lanes.of(job), job.getJob(), IN_FLIGHT);
    }

    private void count(final String lane, final Job job, final int state) {
        counts.computeIfAbsent(new Group(lane, job.getType(), job.getDatabase()), group -> new long[3])[state]++;
    }

    private void store(final Group group, final long[] jobs) {
        if (jobs[READY] > 0) counters.addReady(group.lane(), group.type(), group.database(), jobs[READY]);
        if (jobs[DELAYED] > 0) counters.addDelayed(group.lane(), group.type(), group.database(), jobs[DELAYED]);
        if (jobs[IN_FLIGHT] > 0) counters.addInFlight(group.lane(), group.type(), group.database(), jobs[IN_FLIGHT]);
    }

    private static void add(
            final KeyValueStore<Bytes, String> index,
            final List<KeyValue<Bytes, String>> batch,
            final KeyValue<Bytes, String> entry) {
        batch.add(entry);
        if (batch.size() >= BATCH) flush(index, batch);
    }

    private static void flush(final KeyValueStore<Bytes, String> index, final List<KeyValue<Bytes, String>> batch) {
        if (!batch.isEmpty()) index.putAll(batch);
        batch.clear();
    }
}
