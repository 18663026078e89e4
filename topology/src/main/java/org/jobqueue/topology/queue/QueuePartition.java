package org.jobqueue.topology.queue;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.queue.state.EventIds;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.Traces;
import org.jobqueue.topology.remote.RemoteJobs;
import org.jobqueue.topology.stores.ChangelogMarks;
import org.jobqueue.topology.stores.ClockSkew;

/**
 * The stores of one queue partition as the queue's parts use them: the jobs waiting and in flight, the event ids seen,
 * and the jobs held for other data centres. The queue and the results processors each open one over the same stores.
 */
record QueuePartition(QueueState state, EventIds eventIds, Traces traces, RemoteJobs remote) {
    static QueuePartition of(
            final ProcessingContext context, final JobQueueConfig config, final JobQueueTopics topics) {
        final QueueConfig queue = config.queue();
        final ClockSkew skew = new ClockSkew(context::currentSystemTimeMs, queue.maxClockSkew());
        return new QueuePartition(
                new QueueState(context, skew),
                new EventIds(context, queue.dedupWindow(), skew),
                new Traces(context, config::priorityOf, skew),
                new RemoteJobs(
                        context,
                        topics,
                        config::priorityOf,
                        queue.maxScanPerTick(),
                        queue.dedupWindow().toMillis()));
    }

    /** Gives every store of the partition a changelog offset (see {@link ChangelogMarks}). */
    void markChangelogs(final long now) {
        state.markChangelogs(now);
        eventIds.markChangelog(now);
        traces.markChangelog(now);
        remote.markChangelogs();
    }
}
