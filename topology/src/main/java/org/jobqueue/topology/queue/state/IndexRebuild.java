package org.jobqueue.topology.queue.state;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.stores.ChangelogMarks;

/**
 * Rebuilds a queue partition's indexes and counters from its durable stores, which the task has restored: each waiting
 * job's ready key or due time, and each in-flight job's claim expiry. Its memory is bounded by the number of lanes
 * and types, not by the jobs.
 */
public final class IndexRebuild {
    private final KeyValueStore<Bytes, String> ready;
    private final KeyValueStore<Bytes, Long> readyTypes;
    private final KeyValueStore<Bytes, String> delayed;
    private final KeyValueStore<Bytes, String> claims;
    private final Counters counters;
    private final Map<Bytes, Long> readyOfType = new HashMap<>();
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
        readyOfType.forEach(readyTypes::put);
        counters.continueAfter(highestSeq);
        return new Counts(waitingJobs, inFlightJobs);
    }

    private void index(final QueuedJob queued) {
        final String lane = Lanes.of(queued);
        final String jobKey = queued.getJob().getJobKey();
        if (queued.getReadyKey() != null) {
            final byte[] key = QueueKeys.readyKeyOf(queued).get();
            ready.put(Bytes.wrap(key), jobKey);
            readyOfType.merge(QueueKeys.laneType(lane, queued.getJob().getType()), 1L, Long::sum);
            highestSeq = Math.max(
                    highestSeq,
                    ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong());
            counters.addReady(lane, queued.getJob(), 1);
        } else if (queued.getDueAt() != null) {
            delayed.put(QueueKeys.due(queued.getDueAt(), jobKey), jobKey);
            counters.addDelayed(lane, queued.getJob(), 1);
        }
    }

    private void claim(final String commandId, final InFlightJob job) {
        claims.put(QueueKeys.due(job.getClaimExpiresAt(), commandId), commandId);
        counters.addInFlight(Lanes.of(job), job.getJob(), 1);
    }
}
