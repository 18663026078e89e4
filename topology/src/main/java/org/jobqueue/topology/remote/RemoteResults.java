package org.jobqueue.topology.remote;

import java.util.OptionalLong;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.Fences;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.queue.state.AttemptHistory;
import org.jobqueue.topology.queue.state.EventIds;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.Traces;

/**
 * Applies another data centre's mirrored results: a job that ran there (ok, or fatal and so dead-lettered there) is done
 * here too, by event id and by sha1; a fence records that this DC takes that DC's jobs over. A retryable failure leaves
 * the held job held: the other DC retries it, or, after a takeover, this one does.
 */
public final class RemoteResults {
    private final RemoteJobs remote;
    private final QueueState state;
    private final EventIds eventIds;
    private final Traces traces;
    private final JobQueueMetrics metrics;

    public RemoteResults(
            final RemoteJobs remote,
            final QueueState state,
            final EventIds eventIds,
            final Traces traces,
            final JobQueueMetrics metrics) {
        this.remote = remote;
        this.state = state;
        this.eventIds = eventIds;
        this.traces = traces;
        this.metrics = metrics;
    }

    public void apply(final String dc, final Record<String, JobResult> record, final long now) {
        final OptionalLong takeover = Fences.timeOf(record.headers());
        if (takeover.isPresent()) {
            remote.takeOver(dc, takeover.getAsLong());
            return;
        }
        final JobResult result = record.value();
        if (result == null || result.getStatus() == ResultStatus.retryable) return;
        eventIds.remember(result.getEventId(), result.getStartedAt());
        final boolean bySha1 = JobKeys.hasSha1(result.getJobKey());
        if (bySha1) state.recordExecution(result.getJobKey(), result.getEventId(), result.getStartedAt());
        final Job held = remote.held(result.getJobKey());
        if (held != null && (isSameEvent(held, result) || bySha1 && held.getCreatedAt() <= result.getStartedAt())) {
            remote.remove(held);
            traces.done(held, ranIn(dc), AttemptHistory.NONE, held.getCreatedAt(), now);
            metrics.count(held.getType(), Outcome.RAN_REMOTELY);
        }
        final QueuedJob waiting = state.waiting(result.getJobKey());
        if (waiting != null && isSameEvent(waiting.getJob(), result)) {
            state.remove(waiting);
            traces.done(
                    waiting.getJob(),
                    ranIn(dc),
                    new AttemptHistory(waiting.getAttempts(), waiting.getAttemptsNotKept()),
                    waiting.getEnqueuedAt(),
                    now);
            metrics.count(waiting.getJob().getType(), Outcome.RAN_REMOTELY);
        }
    }

    private static String ranIn(final String dc) {
        return "ran in " + dc;
    }

    private static boolean isSameEvent(final Job job, final JobResult result) {
        return job.getEventId().equals(result.getEventId());
    }
}
