package org.jobqueue.topology.queue.state;

import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.WindowStore;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobTrace;
import org.jobqueue.schemas.TraceState;
import org.jobqueue.topology.stores.ChangelogMarks;
import org.jobqueue.topology.stores.ClockSkew;

/**
 * The trace of each job by event id: one put when it starts waiting (ready, delayed or held, and again when it waits
 * for a retry) and one when it leaves the queue, the newest of which an operator's lookup reads. A job released as it
 * arrives gets no trace until it ends: its in-flight entry, keyed by its event id, stands for it meanwhile. Each trace
 * is stamped with the time it is written, so the newest entry of a key is its current trace; old traces expire with
 * their store segment, after {@code dedup_window}.
 */
public final class Traces {
    private final WindowStore<String, JobTrace> store;
    private final Function<String, String> priorityOf;
    private final ClockSkew skew;

    public Traces(final ProcessingContext context, final Function<String, String> priorityOf, final ClockSkew skew) {
        this(context.<WindowStore<String, JobTrace>>getStateStore(QueueStores.TRACES), priorityOf, skew);
    }

    Traces(final WindowStore<String, JobTrace> store, final Function<String, String> priorityOf, final ClockSkew skew) {
        this.store = store;
        this.priorityOf = priorityOf;
        this.skew = skew;
    }

    /** {@code job} was admitted (made ready or delayed) or held, first of its event id. */
    public void arrived(final Job job, final long now) {
        waiting(job, now, now);
    }

    /** {@code job}, enqueued at {@code enqueuedAt}, waits again: for a retry. */
    public void waiting(final Job job, final long enqueuedAt, final long now) {
        write(job, TraceState.arrived, null, null, List.of(), 0, enqueuedAt, now);
    }

    /** {@code job} was dropped for {@code winner} (an event id, or null if none is known) for {@code reason}. */
    public void deduplicated(
            final Job job, final String reason, final String winner, final long enqueuedAt, final long now) {
        write(job, TraceState.deduplicated, reason, winner, List.of(), 0, enqueuedAt, now);
    }

    /** {@code job} was dropped, by an operator's rule ({@code rule}) or beyond the horizon ({@code expired}). */
    public void dropped(final Job job, final String reason, final long enqueuedAt, final long now) {
        write(job, TraceState.dropped, reason, null, List.of(), 0, enqueuedAt, now);
    }

    /** {@code job} ran, here ({@code reason} null) or in another DC. */
    public void done(
            final Job job, final String reason, final AttemptHistory attempts, final long enqueuedAt, final long now) {
        write(job, TraceState.done, reason, null, attempts.kept(), attempts.notKept(), enqueuedAt, now);
    }

    /** {@code job} was dead-lettered for {@code reason} after {@code attempts}. */
    public void deadLettered(
            final Job job, final String reason, final AttemptHistory attempts, final long enqueuedAt, final long now) {
        write(job, TraceState.dead_letter, reason, null, attempts.kept(), attempts.notKept(), enqueuedAt, now);
    }

    public void markChangelog(final long now) {
        ChangelogMarks.markWindow(store, now);
    }

    private void write(
            final Job job,
            final TraceState state,
            final String reason,
            final String winner,
            final List<Attempt> attempts,
            final int attemptsNotKept,
            final long enqueuedAt,
            final long now) {
        final long timestamp = skew.clamp(now);
        store.put(
                job.getEventId(),
                new JobTrace(
                        job.getEventId(),
                        job.getJobKey(),
                        job.getType(),
                        job.getDatabase(),
                        null,
                        priorityOf.apply(job.getType()),
                        state,
                        reason,
                        winner,
                        attempts,
                        attemptsNotKept,
                        enqueuedAt,
                        now),
                timestamp);
    }
}
