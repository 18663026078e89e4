package org.jobqueue.topology.results;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.queue.EventIds;
import org.jobqueue.topology.queue.QueueOutput;
import org.jobqueue.topology.queue.QueueState;
import org.jobqueue.topology.remote.RemoteJobs;
import org.jobqueue.topology.remote.RemoteResults;

/**
 * Applies executors' results to the queue. A result for a command that is no longer in flight (it arrived after its
 * claim expired, or twice) is stale: if it is ok, it settles the job's pending retry. Results mirrored from another data
 * centre go to {@link RemoteResults}.
 */
public final class ResultProcessor implements Processor<String, JobResult, String, QueueOutput> {
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;
    private ProcessorContext<String, QueueOutput> context;
    private QueueState state;
    private AttemptHandler attempts;
    private RemoteResults remoteResults;
    private JobQueueTopics topics;

    public ResultProcessor(final JobQueueConfig config, final JobQueueMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, QueueOutput> context) {
        this.context = context;
        this.state = new QueueState(context);
        this.attempts = new AttemptHandler(state, config, metrics);
        this.topics = JobQueueTopology.topicsOf(config);
        final QueueConfig queue = config.queue();
        this.remoteResults = new RemoteResults(
                new RemoteJobs(
                        context,
                        topics,
                        queue.maxScanPerTick(),
                        queue.dedupWindow().toMillis()),
                state,
                new EventIds(context, queue.dedupWindow()),
                metrics);
    }

    @Override
    public void process(final Record<String, JobResult> record) {
        final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        if (topic != null && !topics.isLocal(topic)) {
            remoteResults.apply(JobQueueTopics.dcOf(topic), record);
            return;
        }
        final JobResult result = record.value();
        if (result == null) return;
        final InFlightJob job = state.inFlight(result.getCommandId());
        if (job == null) {
            recordStale(result);
            return;
        }
        final long now = context.currentSystemTimeMs();
        attempts.handle(result.getCommandId(), job, attemptOf(result, job), now)
                .ifPresent(letter -> context.forward(record.withValue(QueueOutput.deadLetter(letter))));
    }

    /** A late ok still means the job ran: it settles the job's pending retry and marks its sha1 executed. */
    private void recordStale(final JobResult result) {
        metrics.count(result.getType(), Outcome.STALE_RESULT);
        if (result.getStatus() != ResultStatus.ok) return;
        if (JobKeys.hasSha1(result.getJobKey())) {
            state.recordExecution(result.getJobKey(), result.getEventId(), result.getStartedAt());
        }
        final QueuedJob retry = state.waiting(result.getJobKey());
        if (retry != null && retry.getJob().getEventId().equals(result.getEventId())) {
            state.remove(retry);
            metrics.count(result.getType(), Outcome.OK);
        }
    }

    private static Attempt attemptOf(final JobResult result, final InFlightJob job) {
        return Attempt.newBuilder()
                .setAttempt(job.getAttempt())
                .setCommandId(result.getCommandId())
                .setReleasedAt(job.getReleasedAt())
                .setOutcome(AttemptHandler.outcomeOf(result))
                .setHttpStatus(result.getHttpStatus())
                .setStartedAt(result.getStartedAt())
                .setDurationMs(result.getDurationMs())
                .setMessage(result.getMessage())
                .build();
    }
}
