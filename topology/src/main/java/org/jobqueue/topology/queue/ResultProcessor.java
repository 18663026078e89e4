package org.jobqueue.topology.queue;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.remote.RemoteResults;

/**
 * Applies executors' results to the queue, over the {@link QueueProcessor}'s stores. A result for a command that is no
 * longer in flight (it arrived after its claim expired, or twice) is stale: if it is ok, it settles the job's pending
 * retry. Results mirrored from another data centre go to {@link RemoteResults}.
 */
public final class ResultProcessor implements Processor<String, JobResult, String, QueueOutput> {
    private final JobQueueConfig config;
    private final JobQueueTopics topics;
    private ProcessorContext<String, QueueOutput> context;
    private JobQueueMetrics metrics;
    private QueueState state;
    private AttemptHandler attempts;
    private RemoteResults remoteResults;

    public ResultProcessor(final JobQueueConfig config, final JobQueueTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    @Override
    public void init(final ProcessorContext<String, QueueOutput> context) {
        this.context = context;
        this.metrics = JobQueueMetrics.from(context.appConfigs());
        final QueuePartition partition = QueuePartition.of(context, config, topics);
        this.state = partition.state();
        this.attempts = new AttemptHandler(state, partition.traces(), config, metrics);
        this.remoteResults =
                new RemoteResults(partition.remote(), state, partition.eventIds(), partition.traces(), metrics);
    }

    @Override
    public void process(final Record<String, JobResult> record) {
        final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        if (topic != null && !topics.isLocal(topic)) {
            remoteResults.apply(JobQueueTopics.dcOf(topic), record, context.currentSystemTimeMs());
            return;
        }
        final JobResult result = record.value();
        if (result == null) return;
        final InFlightJob job = state.inFlight(result.getCommandId());
        final long now = context.currentSystemTimeMs();
        if (job == null) {
            attempts.settleStale(result, now);
            return;
        }
        attempts.handle(result.getCommandId(), job, Attempts.of(result, job), now)
                .ifPresent(letter -> context.forward(record.withValue(QueueOutput.deadLetter(letter))));
    }
}
