package org.jobqueue.topology.queue;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.remote.RemoteResults;

/**
 * Applies executors' results to the queue. A result for a command that is no longer in flight (it arrived after its
 * claim expired, or twice) is stale: if it is ok, it settles the job's pending retry. Results mirrored from another
 * data centre go to {@link RemoteResults}.
 */
final class ResultHandler {
    private final JobQueueTopics topics;
    private final QueueState state;
    private final AttemptHandler attempts;
    private final RemoteResults remoteResults;

    ResultHandler(
            final JobQueueTopics topics,
            final QueueState state,
            final AttemptHandler attempts,
            final RemoteResults remoteResults) {
        this.topics = topics;
        this.state = state;
        this.attempts = attempts;
        this.remoteResults = remoteResults;
    }

    /** A record read from {@code topic} (a results topic); returns the dead letter if the job is one now. */
    Optional<DeadLetter> apply(final String topic, final Record<String, JobResult> record, final long now) {
        if (!topics.isLocal(topic)) {
            remoteResults.apply(JobQueueTopics.dcOf(topic), record, now);
            return Optional.empty();
        }
        final JobResult result = record.value();
        if (result == null) return Optional.empty();
        final InFlightJob job = state.inFlight(result.getCommandId());
        if (job == null) {
            attempts.settleStale(result, now);
            return Optional.empty();
        }
        return attempts.handle(result.getCommandId(), job, Attempts.of(result, job), now);
    }
}
