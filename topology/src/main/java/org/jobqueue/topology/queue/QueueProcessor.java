package org.jobqueue.topology.queue;

import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.intake.RootRegistry;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.remote.RemoteJobs;
import org.jobqueue.topology.results.AttemptHandler;

/**
 * The queue of one partition. Arriving jobs are checked against the event ids seen within {@code dedup_window} and
 * against the job waiting under the same key (the first wins). A job that is due goes out at once while its lane has
 * room and nothing ready (see {@link Releaser#releaseOnArrival}); the others wait as ready or delayed. A wall-clock tick
 * promotes due jobs, expires claims and releases commands, each with bounded work. Jobs read from another data
 * centre's topics are held (see {@link RemoteJobs}) until that DC runs them or this one takes them over.
 */
public final class QueueProcessor implements Processor<String, Job, String, QueueOutput> {
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;
    private ProcessorContext<String, QueueOutput> context;
    private EventIds eventIds;
    private QueueState state;
    private DelayedPromoter promoter;
    private ClaimExpirer expirer;
    private Releaser releaser;
    private RemoteJobs remote;
    private boolean changelogsMarked;

    public QueueProcessor(final JobQueueConfig config, final JobQueueMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** The supplier, which owns the queue's stores. */
    public static ProcessorSupplier<String, Job, String, QueueOutput> supplier(
            final JobQueueConfig config, final JobQueueMetrics metrics, final QueueStores stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Job, String, QueueOutput> get() {
                return new QueueProcessor(config, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores.builders();
            }
        };
    }

    @Override
    public void init(final ProcessorContext<String, QueueOutput> context) {
        this.context = context;
        this.eventIds = new EventIds(context, config.queue().dedupWindow());
        this.state = new QueueState(context);
        final int limit = config.queue().maxScanPerTick();
        this.remote = new RemoteJobs(
                context,
                JobQueueTopology.topicsOf(config),
                limit,
                config.queue().dedupWindow().toMillis());
        this.promoter = new DelayedPromoter(state, limit);
        this.expirer = new ClaimExpirer(state, new AttemptHandler(state, config, metrics), limit);
        this.releaser =
                new Releaser(state, new ReleaseChecks(state, new RootRegistry(context), config), config, metrics);
        context.schedule(config.queue().tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(final Record<String, Job> record) {
        final Job job = record.value();
        if (job == null) return;
        final long now = context.currentSystemTimeMs();
        if (!eventIds.firstSighting(job.getEventId(), record.timestamp())) {
            metrics.countDeduplicated(job.getType(), "event-id");
        } else if (remote.isHeldBack(job)) {
            holdBack(job, now);
        } else {
            admit(job, now);
        }
    }

    private void admit(final Job job, final long now) {
        final QueuedJob twin = state.waiting(job.getJobKey());
        if (twin != null) {
            adoptNewerRoot(twin, job);
            metrics.countDeduplicated(job.getType(), "sha1-waiting");
        } else {
            enqueue(job, now);
        }
    }

    /** Another DC's job waits for that DC's result or for a takeover; its twins here wait with it, as they would there. */
    private void holdBack(final Job job, final long now) {
        if (remote.isBeyondHorizon(job, now)) {
            metrics.count(job.getType(), Outcome.EXPIRED);
        } else if (remote.held(job.getJobKey()) != null) {
            metrics.countDeduplicated(job.getType(), "sha1-held");
        } else if (job.getSha1() != null
                && state.twinExecutedAfter(job.getJobKey(), job.getEventId(), job.getCreatedAt())) {
            metrics.countDeduplicated(job.getType(), "sha1-executed");
        } else {
            remote.hold(job);
            metrics.count(job.getType(), Outcome.HELD);
        }
    }

    /**
     * The waiting twin takes a newer root of the same signature from the job dropped for it, so that supersession does
     * not then drop the only job left to do the work (MediaWiki's hazard GT15, fixed on purpose).
     */
    private void adoptNewerRoot(final QueuedJob waiting, final Job dropped) {
        final RootEvent newer = dropped.getRootEvent();
        final RootEvent older = waiting.getJob().getRootEvent();
        if (newer == null || older == null || !newer.getSignature().equals(older.getSignature())) return;
        if (newer.getDt() <= older.getDt()) return;
        waiting.getJob().setRootEvent(newer);
        state.update(waiting);
    }

    private void enqueue(final Job job, final long now) {
        final QueuedJob queued = new QueuedJob(job, config.priorityOf(job.getType()), 1, List.of(), now, null, null);
        final Long delayUntil = job.getDelayUntil();
        if (delayUntil != null && delayUntil > now) {
            state.delay(queued, delayUntil);
            metrics.count(job.getType(), Outcome.DELAYED);
        } else if (!releaser.releaseOnArrival(queued, now, this::emit)) {
            state.makeReady(queued);
        }
    }

    private void tick(final long now) {
        if (!changelogsMarked) markChangelogs(now);
        remote.tick(
                now,
                job -> {
                    metrics.count(job.getType(), Outcome.TAKEN_OVER);
                    admit(job, now);
                },
                job -> metrics.count(job.getType(), Outcome.EXPIRED));
        promoter.run(now, queued -> releaser.releaseOnArrival(queued, now, this::emit));
        expirer.run(now, letter -> forward(letter.getJobKey(), QueueOutput.deadLetter(letter), now));
        releaser.run(now, this::emit);
        for (final Priority lane : Priority.values()) {
            metrics.reportLaneSize(context.taskId().toString(), lane, state.size(lane));
        }
    }

    private void markChangelogs(final long now) {
        state.markChangelogs(now);
        eventIds.markChangelog(now);
        remote.markChangelogs();
        changelogsMarked = true;
    }

    private void emit(final JobCommand command) {
        forward(command.getJobKey(), QueueOutput.command(command), command.getReleasedAt());
    }

    private void forward(final String key, final QueueOutput output, final long now) {
        context.forward(new Record<>(key, output, now));
    }

    @Override
    public void close() {
        if (context != null) metrics.forgetTask(context.taskId().toString());
    }
}
