package org.jobqueue.topology.queue;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.queue.state.EventIds;
import org.jobqueue.topology.queue.state.IndexRebuild;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.QueueStores;
import org.jobqueue.topology.queue.state.Traces;
import org.jobqueue.topology.remote.RemoteJobs;
import org.jobqueue.topology.stores.ChangelogMarks;
import org.jobqueue.topology.stores.ClockSkew;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores of one queue partition as the queue's parts use them: the jobs waiting and in flight, the event ids seen,
 * and the jobs held for other data centres, opened once by the queue processor.
 */
record QueuePartition(QueueState state, EventIds eventIds, Traces traces, RemoteJobs remote) {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePartition.class);

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

    /**
     * Rebuilds the partition's indexes and counters from its jobs (see {@link QueueStores}), once per task start, before
     * it processes anything, and logs what it found.
     */
    void rebuildIndexes(final String task) {
        // A task resumed after a suspension initialises its processors again over stores it kept open: built already.
        if (state.indexesBuilt()) return;
        final long started = System.nanoTime();
        final IndexRebuild.Counts counts = state.rebuildIndexes();
        final long held = remote.rebuildIndex();
        LOG.info(
                "Queue partition {}: indexes rebuilt from {} waiting, {} in-flight and {} held jobs in {} ms",
                task,
                counts.waiting(),
                counts.inFlight(),
                held,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Gives every store of the partition that has a changelog an offset (see {@link ChangelogMarks}). */
    void markChangelogs(final long now) {
        state.markChangelogs(now);
        eventIds.markChangelog(now);
        traces.markChangelog(now);
        remote.markChangelogs();
    }
}
