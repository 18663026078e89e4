package org.jobqueue.topology.inspect;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobTrace;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.TraceState;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.queue.state.QueueKeys;
import org.jobqueue.topology.queue.state.QueueStores;

/**
 * Finds a job: by event id through its newest trace, then where it lives now (waiting, in flight, held); by job key
 * where it lives now.
 */
final class JobLookup {
    private final ReadOnlyWindowStore<String, JobTrace> traces;
    private final ReadOnlyKeyValueStore<String, QueuedJob> waiting;
    private final ReadOnlyKeyValueStore<Bytes, String> ready;
    private final ReadOnlyKeyValueStore<Bytes, String> paused;
    private final ReadOnlyKeyValueStore<String, InFlightJob> inFlight;
    private final ReadOnlyKeyValueStore<String, Job> held;
    private final ReadOnlyKeyValueStore<String, ControlRule> rules;
    private final JobQueueConfig config;
    private final long windowMs;
    private final long marginMs;

    JobLookup(final StoreLookup stores, final JobQueueConfig config) {
        this.traces = stores.windowStore(QueueStores.TRACES);
        this.waiting = stores.keyValueStore(QueueStores.WAITING);
        this.ready = stores.keyValueStore(QueueStores.READY);
        this.paused = stores.keyValueStore(QueueStores.PAUSED);
        this.inFlight = stores.keyValueStore(QueueStores.IN_FLIGHT);
        this.held = stores.keyValueStore(QueueStores.HELD);
        this.rules = stores.keyValueStore(ControlRules.STORE);
        this.config = config;
        this.windowMs = config.queue().dedupWindow().toMillis();
        this.marginMs = config.queue().maxClockSkew().toMillis() + 1;
    }

    Optional<JobView> byEventId(final String eventId, final long now) {
        final JobTrace trace = newestTrace(eventId, now);
        if (trace != null && trace.getState() != TraceState.arrived) return Optional.of(ended(trace));
        final Optional<JobView> live = trace == null ? inFlightByEventId(eventId) : liveByEventId(trace, now);
        if (live.isPresent() || trace == null) return live;
        return Optional.of(ended(trace));
    }

    Optional<JobView> byJobKey(final String jobKey, final long now) {
        final QueuedJob queued = waiting.get(jobKey);
        if (queued != null) return Optional.of(waitingView(queued, now));
        final Optional<JobView> running = inFlightByJobKey(jobKey);
        if (running.isPresent()) return running;
        return Optional.ofNullable(held.get(jobKey)).map(this::heldView);
    }

    private JobTrace newestTrace(final String eventId, final long now) {
        try (WindowStoreIterator<JobTrace> newestFirst = traces.backwardFetch(
                eventId, Instant.ofEpochMilli(Math.max(0, now - windowMs)), Instant.ofEpochMilli(now + marginMs))) {
            return newestFirst.hasNext() ? newestFirst.next().value : null;
        }
    }

    private Optional<JobView> liveByEventId(final JobTrace trace, final long now) {
        final String eventId = trace.getEventId();
        final QueuedJob queued = waiting.get(trace.getJobKey());
        if (queued != null && queued.getJob().getEventId().equals(eventId))
            return Optional.of(waitingView(queued, now));
        final Optional<JobView> running = inFlightByEventId(eventId);
        if (running.isPresent()) return running;
        final Job heldJob = held.get(trace.getJobKey());
        if (heldJob != null && heldJob.getEventId().equals(eventId)) return Optional.of(heldView(heldJob));
        return Optional.empty();
    }

    /** Command ids are {@code <eventId>/<n>}: a range over the prefix finds the job's command in flight. */
    private Optional<JobView> inFlightByEventId(final String eventId) {
        final String prefix = QueueKeys.commandIdPrefix(eventId);
        try (KeyValueIterator<String, InFlightJob> commands = inFlight.prefixScan(prefix, new StringSerializer())) {
            while (commands.hasNext()) {
                final InFlightJob job = commands.next().value;
                if (job.getJob().getEventId().equals(eventId)) return Optional.of(inFlightView(job));
            }
        }
        return Optional.empty();
    }

    /** The in-flight store is small: bounded by the lanes' concurrency. */
    private Optional<JobView> inFlightByJobKey(final String jobKey) {
        try (KeyValueIterator<String, InFlightJob> commands = inFlight.all()) {
            while (commands.hasNext()) {
                final KeyValue<String, InFlightJob> command = commands.next();
                if (command.value.getJob().getJobKey().equals(jobKey)) return Optional.of(inFlightView(command.value));
            }
        }
        return Optional.empty();
    }

    private JobView waitingView(final QueuedJob queued, final long now) {
        final Job job = queued.getJob();
        final boolean delayed = queued.getDueAt() != null;
        return new JobView(
                job.getEventId(),
                job.getJobKey(),
                job.getType(),
                job.getDatabase(),
                Lanes.of(queued),
                delayed ? "delayed" : "waiting",
                !delayed && isPaused(queued, now),
                iso(queued.getDueAt()),
                iso(queued.getEnqueuedAt()),
                attempts(queued.getAttempts()),
                queued.getAttemptsNotKept(),
                null,
                null);
    }

    /** Whether a pause rule covers a ready job, or it is still set aside in the paused index after one. */
    private boolean isPaused(final QueuedJob queued, final long now) {
        if (queued.getReadyKey() == null) return false;
        final Job job = queued.getJob();
        if (ControlRules.isPausedIn(rules, Lanes.of(queued), job.getType(), job.getDatabase(), now)) return true;
        final Bytes readyKey = bytesOf(queued.getReadyKey());
        return ready.get(readyKey) == null
                && paused.get(QueueKeys.paused(readyKey, queued.getJob().getDatabase())) != null;
    }

    private JobView inFlightView(final InFlightJob inFlightJob) {
        final Job job = inFlightJob.getJob();
        return new JobView(
                job.getEventId(),
                job.getJobKey(),
                job.getType(),
                job.getDatabase(),
                Lanes.of(inFlightJob),
                "in-flight",
                false,
                iso(inFlightJob.getClaimExpiresAt()),
                iso(inFlightJob.getEnqueuedAt()),
                attempts(inFlightJob.getAttempts()),
                inFlightJob.getAttemptsNotKept(),
                null,
                null);
    }

    private JobView heldView(final Job job) {
        return new JobView(
                job.getEventId(),
                job.getJobKey(),
                job.getType(),
                job.getDatabase(),
                config.priorityOf(job.getType()),
                "held",
                false,
                null,
                null,
                List.of(),
                0,
                null,
                null);
    }

    private static JobView ended(final JobTrace trace) {
        return new JobView(
                trace.getEventId(),
                trace.getJobKey(),
                trace.getType(),
                trace.getDatabase(),
                Lanes.of(trace),
                stateOf(trace.getState()),
                false,
                null,
                iso(trace.getEnqueuedAt()),
                attempts(trace.getAttempts()),
                trace.getAttemptsNotKept(),
                trace.getReason(),
                trace.getWinner());
    }

    private static String stateOf(final TraceState state) {
        return switch (state) {
            case arrived -> "arrived";
            case done -> "done";
            case dead_letter -> "dead-letter";
            case deduplicated -> "deduplicated";
            case dropped -> "dropped";
        };
    }

    private static List<AttemptView> attempts(final List<Attempt> attempts) {
        return attempts.stream().map(AttemptView::of).toList();
    }

    static String iso(final Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
    }

    private static Bytes bytesOf(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Bytes.wrap(bytes);
    }
}
