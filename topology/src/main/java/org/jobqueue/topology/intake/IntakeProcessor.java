package org.jobqueue.topology.intake;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.schemas.RootMark;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.json.JobEventParser;
import org.jobqueue.serdes.json.ParseResult;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.fanout.FanoutKeys;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.roots.RootRegistry;
import org.jobqueue.topology.stores.ClockSkew;

/**
 * Intake of job events of any key: parses and validates each (anything invalid goes on with its reason), drops the
 * jobs of disabled types, those an operator's drop rule covers and those of roots older than {@code root_claim_ttl},
 * registers newer roots, and re-keys valid jobs by job key.
 */
public final class IntakeProcessor implements Processor<byte[], byte[], String, IntakeOutput> {
    private final JobQueueConfig config;
    private final JobEventParser parser;
    private ProcessorContext<String, IntakeOutput> context;
    private JobQueueMetrics metrics;
    private RootRegistry roots;
    private ControlRules rules;
    private ClockSkew skew;

    public IntakeProcessor(final JobQueueConfig config) {
        this.config = config;
        this.parser = new JobEventParser(config.queue().maxEventBytes());
    }

    @Override
    public void init(final ProcessorContext<String, IntakeOutput> context) {
        this.context = context;
        this.metrics = JobQueueMetrics.from(context.appConfigs());
        this.roots = new RootRegistry(context);
        this.rules = new ControlRules(context, config.queue().tick());
        this.skew = new ClockSkew(context::currentSystemTimeMs, config.queue().maxClockSkew());
    }

    @Override
    public void process(final Record<byte[], byte[]> input) {
        // Kafka rejects a record stamped more than message.timestamp.after.max.ms (1 h) ahead on the internal topics.
        final Record<byte[], byte[]> record = input.withTimestamp(skew.clamp(input.timestamp()));
        final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        final ParseResult result = parser.parse(record.value(), topic);
        if (result instanceof ParseResult.Valid valid) {
            accept(record, valid.job());
        } else if (result instanceof ParseResult.Invalid invalid) {
            // The invalid topic keeps the input's own time, not the time it was read at (HighLaneTimestamps).
            final long lead = config.leadOf(JobQueueTopics.typeOfJobTopic(topic));
            reject(record.withTimestamp(record.timestamp() + lead), invalid.reason());
        }
    }

    private void accept(final Record<byte[], byte[]> record, final Job job) {
        metrics.count(job.getType(), Outcome.RECEIVED);
        if (!config.type(job.getType()).isEnabled()) {
            metrics.count(job.getType(), Outcome.DISABLED);
            return;
        }
        final long now = context.currentSystemTimeMs();
        if (rules.dropRule(config.priorityOf(job.getType()), job.getType(), job.getDatabase(), now)
                .isPresent()) {
            metrics.count(job.getType(), Outcome.DROPPED);
            return;
        }
        final RootEvent root = job.getRootEvent();
        if (root != null
                && root.getDt() < now - config.defaults().rootClaimTtl().toMillis()) {
            metrics.count(job.getType(), Outcome.ABANDONED);
            return;
        }
        if (root != null && roots.isNewer(job.getDatabase(), root)) {
            final String rootKey = JobKeys.root(job.getDatabase(), root.getSignature());
            context.forward(record.withKey(rootKey).withValue(new IntakeOutput.Root(new RootMark(root.getDt(), now))));
        }
        if (job.getFanout() != null && config.type(job.getType()).fanout() != null) {
            final String target = FanoutKeys.expansionKey(job.getDatabase(), job.getFanout());
            context.forward(record.withKey(target).withValue(new IntakeOutput.Expand(new ExpansionRequest(job, null))));
        } else {
            context.forward(record.withKey(job.getJobKey()).withValue(new IntakeOutput.Valid(job)));
        }
    }

    private void reject(final Record<byte[], byte[]> record, final String reason) {
        metrics.countInvalid();
        context.forward(Rejection.of(
                record, reason, context.recordMetadata(), config.queue().maxInvalidValueBytes()));
    }
}
