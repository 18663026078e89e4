package org.jobqueue.topology.queue;

import java.util.Optional;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.roots.RootRegistry;

/**
 * The last-moment dedup at release: a job is dropped if its root job was superseded, if a job with the same sha1
 * started executing after this one was created (with 1 s of slack, since event times have 1 s resolution), or if its
 * root job is older than {@code root_claim_ttl}.
 */
final class ReleaseChecks {
    static final long EXECUTION_SLACK_MS = 1_000;
    static final String ABANDONED = "abandoned";

    private final QueueState state;
    private final RootRegistry roots;
    private final long rootClaimTtlMs;

    ReleaseChecks(final QueueState state, final RootRegistry roots, final JobQueueConfig config) {
        this.state = state;
        this.roots = roots;
        this.rootClaimTtlMs = config.defaults().rootClaimTtl().toMillis();
    }

    /** The reason to drop {@code job} at {@code now}, if there is one. */
    Optional<String> dropReason(final Job job, final long now) {
        final RootEvent root = job.getRootEvent();
        if (root != null && root.getDt() < now - rootClaimTtlMs) return Optional.of(ABANDONED);
        if (root != null && roots.isSuperseded(job.getDatabase(), root)) return Optional.of("root-superseded");
        if (job.getSha1() != null
                && state.twinExecutedAfter(
                        job.getJobKey(), job.getEventId(), job.getCreatedAt() + EXECUTION_SLACK_MS)) {
            return Optional.of("executed-after-creation");
        }
        return Optional.empty();
    }
}
