package org.jobqueue.tools.processes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed number of jobs from {@link MixedJobs} for end-to-end runs: of every {@code n} jobs, 10% are sha1 duplicates
 * of an earlier job, 5% are delayed a few seconds, 10% fail once at the stub and 1% fail always.
 */
public final class Workload {
    public static final List<String> TYPES = List.of("cdnPurge", "enotifNotify", "refreshLinks", "htmlCacheUpdate");

    /** One job: its event and what a run expects of it. */
    public record Job(
            String type,
            String eventId,
            String sha1,
            boolean duplicate,
            Instant delayUntil,
            String stubFail,
            byte[] json) {

        /** What must run at least once: the sha1 when there is one (an original and its duplicates are one job). */
        public String identity() {
            return sha1 != null ? "sha1 " + sha1 : "id " + eventId;
        }

        /** Fails at the stub every time, so it ends dead-lettered. */
        public boolean hopeless() {
            return MixedJobs.FAIL_ALWAYS.equals(stubFail);
        }
    }

    private final List<Job> jobs = new ArrayList<>();

    public Workload(final int n, final long seed) {
        final MixedJobs mixed = new MixedJobs(seed, n);
        for (int i = 0; i < n; i++) jobs.add(mixed.next());
    }

    public List<Job> jobs() {
        return jobs;
    }

    /** The jobs that fail always. */
    public long hopeless() {
        return jobs.stream().filter(Job::hopeless).count();
    }
}
