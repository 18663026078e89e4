package org.jobqueue.topology.periodic;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.PeriodicMark;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.stores.StoreOwningSupplier;

/**
 * The periodic schedules of one queue partition: a wall-clock {@link PeriodicTick} fires the (schedule, wiki) pairs
 * whose job key lands here, and the jobs arriving by key tell it which of them another DC fires (then this DC is
 * passive for them, and goes on after the last period it saw).
 */
public final class PeriodicProcessor implements Processor<String, Job, String, PeriodicEvent> {
    private final JobQueueConfig config;
    private final JobQueueTopics topics;
    private PeriodicMarks marks;
    private Map<String, OwnedSchedule> ownedByKey;

    private PeriodicProcessor(final JobQueueConfig config, final JobQueueTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** The supplier, which owns the marks' store; the processor also reads the queue's traces. */
    public static ProcessorSupplier<String, Job, String, PeriodicEvent> supplier(
            final JobQueueConfig config, final JobQueueTopics topics) {
        return new StoreOwningSupplier<>(PeriodicMarks.builders(), () -> new PeriodicProcessor(config, topics));
    }

    @Override
    public void init(final ProcessorContext<String, PeriodicEvent> context) {
        this.marks = new PeriodicMarks(context);
        final List<OwnedSchedule> owned = OwnedSchedule.of(
                config.periodic(), context.taskId().partition(), config.topics().partitions());
        this.ownedByKey = owned.stream().collect(Collectors.toMap(OwnedSchedule::jobKey, Function.identity()));
        final JobQueueMetrics metrics = JobQueueMetrics.from(context.appConfigs());
        context.schedule(
                config.queue().tick(),
                PunctuationType.WALL_CLOCK_TIME,
                new PeriodicTick(context, owned, marks, topics, metrics));
    }

    @Override
    public void process(final Record<String, Job> record) {
        final Job job = record.value();
        if (job == null || topics.isLocal(job.getSourceTopic())) return;
        final OwnedSchedule schedule = ownedByKey.get(job.getJobKey());
        final Long period = schedule != null ? PeriodicJobs.periodOf(job.getEvent()) : null;
        // A high-lane job is read ahead of its time (HighLaneTimestamps); the remote DC fired it at its own.
        if (period != null) sawRemote(schedule, period, record.timestamp() + config.leadOf(job.getType()));
    }

    private void sawRemote(final OwnedSchedule schedule, final long period, final long recordTime) {
        final PeriodicMark mark = marks.get(schedule.name(), schedule.wiki());
        final PeriodicMark.Builder next = mark != null ? PeriodicMark.newBuilder(mark) : PeriodicTick.newMark(schedule);
        next.setPeriod(Math.max(next.getPeriod(), period));
        if (next.getRemoteSeenAt() == null || next.getRemoteSeenAt() < recordTime) next.setRemoteSeenAt(recordTime);
        marks.put(next.build());
    }
}
