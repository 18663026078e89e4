package org.jobqueue.tools.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jobqueue.tools.processes.Workload.Job;
import org.junit.jupiter.api.Test;

class MixedJobsTest {

    @Test
    void shouldMixDuplicatesDelayedAndFailingJobsInTheirShares() {
        // Given
        final MixedJobs mixed = new MixedJobs(1, 1_000);

        // When
        final List<Job> jobs =
                IntStream.range(0, 10_000).mapToObj(i -> mixed.next()).toList();

        // Then
        assertThat(jobs.stream().filter(Job::hopeless)).hasSize(100);
        assertThat(jobs.stream().filter(job -> "once".equals(job.stubFail()))).hasSize(1_000);
        assertThat(jobs.stream().filter(job -> job.delayUntil() != null)).hasSize(500);
        assertThat(jobs.stream().filter(Job::duplicate).count()).isBetween(100L, 1_000L);
        assertThat(jobs.stream().map(Job::type).distinct()).containsExactlyInAnyOrderElementsOf(Workload.TYPES);
    }

    @Test
    void shouldDuplicateOnlyRecentJobs() {
        // Given a stream that remembers 100 jobs
        final MixedJobs mixed = new MixedJobs(2, 100);
        final List<Job> jobs =
                IntStream.range(0, 5_000).mapToObj(i -> mixed.next()).toList();

        // Then every duplicate's original is among the 100 jobs before it
        for (int i = 0; i < jobs.size(); i++) {
            final Job job = jobs.get(i);
            if (!job.duplicate()) continue;
            final Set<String> recent = new HashSet<>();
            jobs.subList(Math.max(0, i - 100), i).forEach(earlier -> recent.add(earlier.sha1()));
            assertThat(recent).as("job %d", i).contains(job.sha1());
        }
    }
}
