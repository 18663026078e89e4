package org.jobqueue.topology.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The time a job event is read at: its record time, less {@link JobQueueConfig#leadOf} its topic's type. A task takes
 * its next record from the partition whose head is oldest, so a high-lane event passes the backlog of lower lanes
 * buffered beside it, here and again in the queue's input (its job keeps the time read). An event without a valid
 * time takes its partition's, rather than stopping the instance.
 */
public final class HighLaneTimestamps implements TimestampExtractor {
    private final JobQueueConfig config;
    private final TimestampExtractor recordTime = new UsePartitionTimeOnInvalidTimestamp();
    // One instance serves every stream thread; a deployment has a few hundred job topics at most.
    private final Map<String, Long> leadByTopic = new ConcurrentHashMap<>();

    public HighLaneTimestamps(final JobQueueConfig config) {
        this.config = config;
    }

    @Override
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        return Math.max(0, recordTime.extract(record, partitionTime) - leadOf(record.topic()));
    }

    /** How much earlier than their record time the events of {@code topic} are read. */
    long leadOf(final String topic) {
        return leadByTopic.computeIfAbsent(topic, name -> config.leadOf(JobQueueTopics.typeOfJobTopic(name)));
    }
}
