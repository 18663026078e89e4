package org.jobqueue.topology.queue;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.QueueStores;
import org.jobqueue.topology.remote.RemoteResults;
import org.jobqueue.topology.roots.RootRegistry;
import org.jobqueue.topology.stores.StoreOwningSupplier;

/**
 * The queue of one partition, which owns a job's whole life and the stores that keep it: arriving jobs go through
 * {@link Admission} (dedup, other data centres' jobs held, the first wins, an operator's drop rule), executors' results
 * through the {@link ResultHandler}, and a wall-clock {@link QueueTick} promotes due jobs, expires claims and releases
 * commands through the {@link Releaser}, within the operators' pauses. Its input is the jobs by key merged with the
 * results (Avro records: {@link Job} and {@link JobResult}), told apart by the topic they were read from.
 */
public final class QueueProcessor implements Processor<String, SpecificRecord, String, QueueOutput> {
    private final JobQueueConfig config;
    private final JobQueueTopics topics;
    private ProcessorContext<String, QueueOutput> context;
    private JobQueueMetrics metrics;
    private Admission admission;
    private ResultHandler results;

    private QueueProcessor(final JobQueueConfig config, final JobQueueTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** The supplier, which owns the queue's stores. */
    public static ProcessorSupplier<String, SpecificRecord, String, QueueOutput> supplier(
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
        final AttemptHandler attempts = new AttemptHandler(state, partition.traces(), config, metrics);
        this.admission = new Admission(partition, releaser, rules, config, metrics);
        this.results = new ResultHandler(
                topics,
                state,
                attempts,
                new RemoteResults(partition.remote(), state, partition.eventIds(), partition.traces(), metrics));
        metrics.leafFlow().readerStarted(context.taskId().toString());
        context.schedule(
                config.queue().tick(),
                PunctuationType.WALL_CLOCK_TIME,
                new QueueTick(context, partition, admission, releaser, attempts, rules, config, metrics));
    }

    @Override
    public void process(final Record<String, SpecificRecord> record) {
        final long now = context.currentSystemTimeMs();
        final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        if (JobQueueTopics.isResults(topic)) {
            results.apply(topic, record.withValue((JobResult) record.value()), now)
                    .ifPresent(letter -> context.forward(record.withValue(QueueOutput.deadLetter(letter))));
        } else if (record.value() instanceof Job job) {
            metrics.leafFlow().read(record.timestamp(), now);
            admission.arrive(job, record.timestamp(), now, this::emit);
        }
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
