package org.jobqueue.topology.queue;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.QueueStores;
import org.jobqueue.topology.roots.RootRegistry;
import org.jobqueue.topology.stores.StoreOwningSupplier;

/**
 * The queue of one partition: arriving jobs go through {@link Admission} (dedup, other data centres' jobs held, the
 * first wins, an operator's drop rule), and a wall-clock {@link QueueTick} promotes due jobs, expires claims and
 * releases commands through the {@link Releaser}, within the operators' pauses. The processor owns the queue's stores, which the {@link ResultProcessor} shares.
 */
public final class QueueProcessor implements Processor<String, Job, String, QueueOutput> {
    private final JobQueueConfig config;
    private final JobQueueTopics topics;
    private ProcessorContext<String, QueueOutput> context;
    private JobQueueMetrics metrics;
    private Admission admission;

    private QueueProcessor(final JobQueueConfig config, final JobQueueTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** The supplier, which owns the queue's stores. */
    public static ProcessorSupplier<String, Job, String, QueueOutput> supplier(
            final JobQueueConfig config, final JobQueueTopics topics) {
        return new StoreOwningSupplier<>(
                QueueStores.builders(config.queue()), () -> new QueueProcessor(config, topics));
    }

    @Override
    public void init(final ProcessorContext<String, QueueOutput> context) {
        this.context = context;
        this.metrics = JobQueueMetrics.from(context.appConfigs());
        final QueuePartition partition = QueuePartition.of(context, config, topics);
        partition.rebuildIndexes(context.taskId().toString());
        final QueueState state = partition.state();
        final ControlRules rules = new ControlRules(context, config.queue().tick());
        final Releaser releaser = new Releaser(
                state,
                new ReleaseChecks(state, new RootRegistry(context), config),
                partition.traces(),
                rules,
                config,
                metrics);
        this.admission = new Admission(partition, releaser, rules, config, metrics);
        metrics.leafFlow().readerStarted(context.taskId().toString());
        context.schedule(
                config.queue().tick(),
                PunctuationType.WALL_CLOCK_TIME,
                new QueueTick(context, partition, admission, releaser, rules, config, metrics));
    }

    @Override
    public void process(final Record<String, Job> record) {
        final Job job = record.value();
        if (job == null) return;
        final long now = context.currentSystemTimeMs();
        metrics.leafFlow().read(record.timestamp(), now);
        admission.arrive(job, record.timestamp(), now, this::emit);
    }

    private void emit(final JobCommand command) {
        context.forward(QueueOutput.record(command));
    }

    @Override
    public void close() {
        if (context == null) return;
        metrics.forgetTask(context.taskId().toString());
        metrics.leafFlow().readerStopped(context.taskId().toString());
    }
}
