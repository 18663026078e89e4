package org.jobqueue.topology.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.queue.state.Traces;

/**
 * Releases ready jobs as commands, highest lane first, each lane within its in-flight window. Within a lane it takes
 * one job of each type with ready jobs in turn (round-robin, resuming after the type it served last), so a flooding
 * type cannot starve another, and skips a lane or a type that an operator paused, a type held by its rate limit, or a
 * type that holds its share of the window ({@code types.<type>.max_in_flight}), without reading its jobs: a slow type
 * cannot hold the whole window. A job whose database is paused, or that would overtake an older job of its type and
 * database still set aside, is set aside in the paused index (see {@link PauseLifter}). One run reads at most
 * {@code max_scan_per_tick} store entries.
 */
final class Releaser {
    private final QueueState state;
    private final ReleaseChecks checks;
    private final Traces traces;
    private final RateLimiter rateLimiter;
    private final ControlRules rules;
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;
    private final Map<String, String> lastServedType = new HashMap<>();

    Releaser(
            final QueueState state,
            final ReleaseChecks checks,
            final Traces traces,
            final ControlRules rules,
            final JobQueueConfig config,
            final JobQueueMetrics metrics) {
        this.state = state;
        this.checks = checks;
        this.traces = traces;
        this.rules = rules;
        this.rateLimiter = new RateLimiter(config);
        this.config = config;
        this.metrics = metrics;
    }

    void run(final long now, final Consumer<JobCommand> emit) {
        final int[] scanBudget = {config.queue().maxScanPerTick()};
        for (final String lane : config.queue().lanes()) {
            releaseLane(lane, now, scanBudget, emit);
        }
    }

    /**
     * Releases a job as it arrives, without a tick, when its lane has no ready job and room in its window: nothing
     * then waits ahead of it, so the tick's order would release it first anyway. Returns whether the job is dealt
     * with (released, or dropped by the release checks); if not (also when it is paused), it must wait as ready.
     */
    boolean releaseOnArrival(final QueuedJob queued, final long now, final Consumer<JobCommand> emit) {
        final String lane = Lanes.of(queued);
        final String type = queued.getJob().getType();
        if (state.readyCount(lane) > 0
                || state.inFlightCount(lane) >= config.queue().inFlight().get(lane)
                || rateLimiter.isThrottled(type, now)
                || holdsItsShare(lane, type)
                || rules.isPaused(lane, type, queued.getJob().getDatabase(), now)) {
            return false;
        }
        launchUnlessDropped(queued, now, emit);
        return true;
    }

    private void releaseLane(
            final String lane, final long now, final int[] scanBudget, final Consumer<JobCommand> emit) {
        int window = config.queue().inFlight().get(lane) - state.inFlightCount(lane);
        if (window <= 0 || scanBudget[0] <= 0 || rules.isPaused(lane, null, null, now)) return;
        final List<String> types = inServiceOrder(lane, state.readyTypes(lane, scanBudget[0]));
        scanBudget[0] -= types.size();
        while (window > 0 && scanBudget[0] > 0 && !types.isEmpty()) {
            final List<String> exhausted = new ArrayList<>();
            for (final String type : types) {
                if (window == 0 || scanBudget[0] <= 0) break;
                if (rateLimiter.isThrottled(type, now)
                        || holdsItsShare(lane, type)
                        || rules.isPaused(lane, type, null, now)) {
                    exhausted.add(type);
                    continue;
                }
                scanBudget[0]--;
                final KeyValue<Bytes, String> first = state.firstReady(lane, type);
                if (first == null) {
                    exhausted.add(type);
                } else if (tryRelease(first.key, state.waiting(first.value), now, emit)) {
                    window--;
                    lastServedType.put(lane, type);
                }
            }
            types.removeAll(exhausted);
        }
    }

    /** Whether {@code type} holds as much of its lane's window as {@code types.<type>.max_in_flight} lets it. */
    private boolean holdsItsShare(final String lane, final String type) {
        final Integer share = config.type(type).maxInFlight();
        return share != null && state.inFlightCount(lane, type) >= share;
    }

    /** The types rotated to start just after the one served last, so that every tick continues the round. */
    private List<String> inServiceOrder(final String lane, final List<String> types) {
        final String last = lastServedType.get(lane);
        int start = 0;
        while (last != null && start < types.size() && types.get(start).compareTo(last) <= 0) start++;
        final List<String> rotated = new ArrayList<>(types.subList(start, types.size()));
        rotated.addAll(types.subList(0, start));
        return rotated;
    }

    private boolean tryRelease(
            final Bytes readyKey, final QueuedJob queued, final long now, final Consumer<JobCommand> emit) {
        if (queued == null) {
            state.dropStaleReady(readyKey);
            return false;
        }
        if (mustWaitAside(readyKey, queued, now)) {
            state.pause(readyKey, queued);
            return false;
        }
        state.dropReady(readyKey, queued);
        return launchUnlessDropped(queued, now, emit);
    }

    private boolean mustWaitAside(final Bytes readyKey, final QueuedJob queued, final long now) {
        final Job job = queued.getJob();
        return rules.isPaused(Lanes.of(queued), job.getType(), job.getDatabase(), now)
                || state.isBehindPaused(readyKey, queued);
    }

    /** The last-moment checks, then the launch: returns whether the job went out (else it is dropped and counted). */
    private boolean launchUnlessDropped(final QueuedJob queued, final long now, final Consumer<JobCommand> emit) {
        final String type = queued.getJob().getType();
        // A purge covers every waiting job at once, not only those its scan has reached.
        if (rules.isPurged(Lanes.of(queued), type, queued.getJob().getDatabase(), now)) {
            metrics.count(type, Outcome.DROPPED);
            traces.dropped(queued.getJob(), "rule", queued.getEnqueuedAt(), now);
            return false;
        }
        final Optional<String> dropReason = checks.dropReason(queued.getJob(), now);
        if (dropReason.isPresent()) {
            drop(queued, dropReason.get(), now);
            return false;
        }
        rateLimiter.acquire(type, queued.getJob().getWorkItems(), now);
        emit.accept(state.launch(queued, now, config.claimTtlOf(type).toMillis()));
        metrics.count(type, Outcome.RELEASED);
        if (queued.getAttempt() == 1) {
            metrics.firstReleased(Lanes.of(queued), queued.getJob().getCreatedAt(), now);
        }
        return true;
    }

    private void drop(final QueuedJob queued, final String reason, final long now) {
        final Job job = queued.getJob();
        if (ReleaseChecks.ABANDONED.equals(reason)) {
            metrics.count(job.getType(), Outcome.ABANDONED);
            traces.dropped(job, reason, queued.getEnqueuedAt(), now);
        } else {
            metrics.countDeduplicated(job.getType(), reason);
            traces.deduplicated(job, reason, null, queued.getEnqueuedAt(), now);
        }
    }
}
