package org.jobqueue.topology.queue;

import java.util.List;
import java.util.function.Consumer;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.queue.state.EventIds;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.Traces;
import org.jobqueue.topology.remote.RemoteJobs;

/**
 * What becomes of an arriving job. One that an operator's drop rule covers is dropped (intake drops most of them, but
 * fan-out leaves and jobs taken over come here without it); one whose event id was seen within {@code dedup_window}
 * is dropped; another data centre's job is held (see {@link RemoteJobs}) until that DC runs it or this one takes it
 * over; a job waiting under the same key wins over it. The others are delayed, released at once (see {@link
 * Releaser#releaseOnArrival}: its in-flight entry is then its only write, beside its event id's), or made ready.
 */
final class Admission {
    private final QueueState state;
    private final EventIds eventIds;
    private final Traces traces;
    private final RemoteJobs remote;
    private final Releaser releaser;
    private final ControlRules rules;
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;

    Admission(
            final QueuePartition partition,
            final Releaser releaser,
            final ControlRules rules,
            final JobQueueConfig config,
            final JobQueueMetrics metrics) {
        this.state = partition.state();
        this.eventIds = partition.eventIds();
        this.traces = partition.traces();
        this.remote = partition.remote();
        this.releaser = releaser;
        this.rules = rules;
        this.config = config;
        this.metrics = metrics;
    }

    /** A job read from a job topic in a record of time {@code timestamp}. */
    void arrive(final Job job, final long timestamp, final long now, final Consumer<JobCommand> emit) {
        if (!eventIds.firstSighting(job.getEventId(), timestamp)) {
            metrics.countDeduplicated(job.getType(), "event-id");
        } else if (remote.isHeldBack(job)) {
            holdBack(job, now);
        } else {
            admit(job, now, emit);
        }
    }

    /** Admits the held jobs that a takeover covers, and drops those beyond the horizon: bounded work. */
    void takeOver(final long now, final Consumer<JobCommand> emit) {
        remote.tick(
                now,
                job -> {
                    metrics.count(job.getType(), Outcome.TAKEN_OVER);
                    admit(job, now, emit);
                },
                job -> expire(job, now));
    }

    private void admit(final Job job, final long now, final Consumer<JobCommand> emit) {
        if (rules.dropRule(config.priorityOf(job.getType()), job.getType(), job.getDatabase(), now)
                .isPresent()) {
            metrics.count(job.getType(), Outcome.DROPPED);
            traces.dropped(job, "rule", now, now);
            return;
        }
        final QueuedJob twin = state.waiting(job.getJobKey());
        if (twin != null) {
            absorb(twin, job);
            metrics.countDeduplicated(job.getType(), "sha1-waiting");
            traces.deduplicated(job, "sha1-waiting", twin.getJob().getEventId(), now, now);
        } else {
            enqueue(job, now, emit);
        }
    }

    /** Another DC's job waits for that DC's result or for a takeover; its twins here wait with it, as they would there. */
    private void holdBack(final Job job, final long now) {
        final Job heldTwin = remote.held(job.getJobKey());
        if (remote.isBeyondHorizon(job, now)) {
            expire(job, now);
        } else if (heldTwin != null) {
            metrics.countDeduplicated(job.getType(), "sha1-held");
            traces.deduplicated(job, "sha1-held", heldTwin.getEventId(), now, now);
        } else if (job.getSha1() != null
                && state.twinExecutedAfter(job.getJobKey(), job.getEventId(), job.getCreatedAt())) {
            metrics.countDeduplicated(job.getType(), "sha1-executed");
            traces.deduplicated(job, "sha1-executed", null, now, now);
        } else {
            remote.hold(job);
            traces.arrived(job, now);
            metrics.count(job.getType(), Outcome.HELD);
        }
    }

    private void expire(final Job job, final long now) {
        metrics.count(job.getType(), Outcome.EXPIRED);
        traces.dropped(job, "expired", job.getCreatedAt(), now);
    }

    /**
     * The waiting twin stands for the job dropped for it from now on: it takes the dropped job's later creation time,
     * so that an execution between the two creations does not drop it at release and leave the later job's work
     * undone, and a newer root of the same signature, so that supersession does not then drop the only job left to do
     * the work (MediaWiki's hazard GT15, fixed on purpose).
     */
    private void absorb(final QueuedJob waiting, final Job dropped) {
        final Job twin = waiting.getJob();
        final boolean later = dropped.getCreatedAt() > twin.getCreatedAt();
        if (later) twin.setCreatedAt(dropped.getCreatedAt());
        final boolean newerRoot = isNewerRoot(dropped.getRootEvent(), twin.getRootEvent());
        if (newerRoot) twin.setRootEvent(dropped.getRootEvent());
        if (later || newerRoot) state.update(waiting);
    }

    private static boolean isNewerRoot(final RootEvent candidate, final RootEvent current) {
        return candidate != null
                && current != null
                && candidate.getSignature().equals(current.getSignature())
                && candidate.getDt() > current.getDt();
    }

    private void enqueue(final Job job, final long now, final Consumer<JobCommand> emit) {
        final QueuedJob queued =
                new QueuedJob(job, null, config.priorityOf(job.getType()), 1, List.of(), 0, now, null, null);
        final Long delayUntil = job.getDelayUntil();
        if (delayUntil != null && delayUntil > now) {
            traces.arrived(job, now);
            state.delay(queued, delayUntil);
            metrics.count(job.getType(), Outcome.DELAYED);
        } else if (!releaser.releaseOnArrival(queued, now, emit)) {
            traces.arrived(job, now);
            state.makeReady(queued);
        }
    }
}
