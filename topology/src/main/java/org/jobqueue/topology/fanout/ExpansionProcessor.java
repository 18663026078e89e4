package org.jobqueue.topology.fanout;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.Job;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.stores.StoreOwningSupplier;

/**
 * The fan-out of one partition of (database, table, target): backlink changes keep the {@link Backlinks}, recursive
 * jobs start {@link Expansions}, and a wall-clock {@link ExpansionTick} moves the expansions on, emitting their leaves.
 */
public final class ExpansionProcessor implements Processor<String, ExpansionRequest, String, Job> {
    private final JobQueueConfig config;
    private ProcessorContext<String, Job> context;
    private JobQueueMetrics metrics;
    private Backlinks backlinks;
    private Expansions expansions;

    private ExpansionProcessor(final JobQueueConfig config) {
        this.config = config;
    }

    /** The supplier, which owns the fan-out's stores. */
    public static ProcessorSupplier<String, ExpansionRequest, String, Job> supplier(final JobQueueConfig config) {
        return new StoreOwningSupplier<>(FanoutStores.builders(), () -> new ExpansionProcessor(config));
    }

    @Override
    public void init(final ProcessorContext<String, Job> context) {
        this.context = context;
        this.metrics = JobQueueMetrics.from(context.appConfigs());
        this.backlinks = new Backlinks(context);
        this.expansions = new Expansions(context);
        context.schedule(
                config.queue().tick(),
                PunctuationType.WALL_CLOCK_TIME,
                new ExpansionTick(context, backlinks, expansions, config, metrics));
    }

    @Override
    public void process(final Record<String, ExpansionRequest> record) {
        final ExpansionRequest request = record.value();
        if (request == null) return;
        if (request.getLink() != null) backlinks.apply(request.getLink());
        final Job job = request.getJob();
        if (job != null && expansions.start(record.key(), job, context.currentSystemTimeMs())) {
            metrics.countFanout(job.getType(), "expansions-started", 1);
        }
    }

    @Override
    public void close() {
        if (context != null) metrics.reportExpansions(context.taskId().toString(), 0);
    }
}
