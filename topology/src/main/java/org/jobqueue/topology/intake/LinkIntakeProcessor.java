package org.jobqueue.topology.intake;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.fanout.FanoutKeys;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.stores.ClockSkew;

/** Intake of backlink changes: valid ones are re-keyed by their target's expansion key, others go on with a reason. */
public final class LinkIntakeProcessor implements Processor<byte[], byte[], String, IntakeOutput> {
    private final LinkChangeParser parser = new LinkChangeParser();
    private final QueueConfig queue;
    private ClockSkew skew;
    private ProcessorContext<String, IntakeOutput> context;
    private JobQueueMetrics metrics;

    public LinkIntakeProcessor(final QueueConfig queue) {
        this.queue = queue;
    }

    @Override
    public void init(final ProcessorContext<String, IntakeOutput> context) {
        this.context = context;
        this.metrics = JobQueueMetrics.from(context.appConfigs());
        this.skew = new ClockSkew(context::currentSystemTimeMs, queue.maxClockSkew());
    }

    @Override
    public void process(final Record<byte[], byte[]> input) {
        final Record<byte[], byte[]> record = input.withTimestamp(skew.clamp(input.timestamp()));
        final LinkChangeParser.Result result = parser.parse(record.value());
        if (result instanceof LinkChangeParser.Valid valid) {
            final LinkChange change = valid.change();
            context.forward(record.withKey(FanoutKeys.expansionKey(change))
                    .withValue(new IntakeOutput.Expand(new ExpansionRequest(null, change))));
        } else if (result instanceof LinkChangeParser.Invalid invalid) {
            metrics.countInvalid();
            context.forward(
                    Rejection.of(record, invalid.reason(), context.recordMetadata(), queue.maxInvalidValueBytes()));
        }
    }
}
