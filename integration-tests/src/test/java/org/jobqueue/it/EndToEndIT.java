package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jobqueue.it.support.Awaits;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.jobqueue.tools.processes.Workload.Job;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product, as operators run it: a real broker, {@code jobqueue run} and {@code jobqueue execute} in JVMs of
 * their own, and {@code jobqueue mediawiki-stub} answering over HTTP. The stub's log of executed events is the ground
 * truth: what ran, when, and how often.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class EndToEndIT {
    private static final int JOBS = 2_000;
    private static final int PARTITIONS = 4;
    private static final int CONCURRENCY_PER_LANE = 8;
    private static final int HEAP_MB = 256;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OK_JOBS = Pattern.compile(
            "jobqueue_jobs_total\\{dc=\"eqiad\",lane=\"(high|normal|low)\",outcome=\"ok\",type=\"[^\"]+\"} [1-9][0-9.]*");

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryJobOnceAndDeadLetterTheHopelessOnes(final TestInfo testInfo) throws Exception {
        // Given: the stub, one topology instance and one executor process
        final Deployment deployment = deployment("eqiad", testInfo);
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            final String admin = run.awaitOutput(ADMIN, TIMEOUT);
            // When: 2,000 jobs arrive
            final Workload workload = new Workload(JOBS, 42);
            deployment.produce(workload);
            // Then
            final List<DeadLetter> letters = Awaits.deadLetters(deployment, workload);
            Awaits.everyJobExecuted(deployment, workload);
            final Map<String, Long> executions = deployment.executionsById();
            assertThat(executions)
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(Deployment.executionsPerJob(workload, executions))
                    .allSatisfy((job, count) -> assertThat(count).as(job).isEqualTo(1L));
            assertNoDelayedJobRanEarly(workload, deployment.executionTimes());
            assertThat(letters)
                    .allSatisfy(letter -> assertThat(letter.getAttempts()).hasSize(3));
            assertThat(Deployment.counter(admin, "jobqueue.jobs.deduplicated")).isEqualTo(duplicates(workload));
            assertThat(Deployment.prometheusText(admin).lines())
                    .anyMatch(line -> OK_JOBS.matcher(line).matches())
                    .anyMatch(line -> line.startsWith("jobqueue_release_delay_seconds_count{dc=\"eqiad\",lane=\""));
            System.out.printf(
                    "end-to-end: %d jobs, %d executions at the stub, %d dead letters, %d deduplicated%n",
                    JOBS, executions.size(), letters.size(), Deployment.counter(admin, "jobqueue.jobs.deduplicated"));
        }
    }

    @Test
    void shouldLoseNothingWhenTheExecutorIsKilledMidRun(final TestInfo testInfo) throws Exception {
        // Given: the same deployment, and jobs flowing
        final Deployment deployment = deployment("codfw", testInfo);
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun()) {
            run.awaitOutput(ADMIN, TIMEOUT);
            final Workload workload = new Workload(JOBS, 7);
            final int killedAt;
            try (JobQueueProcess first = deployment.startExecutors("execute-1")) {
                deployment.produce(workload);
                await("a third of the jobs executed")
                        .atMost(TIMEOUT)
                        .until(() -> deployment.executionsById().size() > JOBS / 3);
                // When: kill -9 mid-run, then a new executor process
                killedAt = deployment.executionsById().size();
                first.kill();
            }
            try (JobQueueProcess second = deployment.startExecutors("execute-2")) {
                // Then: nothing lost, and re-executions bounded by what could be in flight
                Awaits.deadLetters(deployment, workload);
                Awaits.everyJobExecuted(deployment, workload);
                final Map<String, Long> executions = deployment.executionsById();
                assertThat(Deployment.executionsPerJob(workload, executions))
                        .allSatisfy((job, count) -> assertThat(count).as(job).isPositive());
                final long reExecutions = executions.values().stream()
                        .mapToLong(count -> count - 1)
                        .sum();
                System.out.printf(
                        "kill -9: executor killed after %d executions; %d executions in all, %d re-executions (bound %d)%n",
                        killedAt, executions.size(), reExecutions, 3L * CONCURRENCY_PER_LANE);
                assertThat(reExecutions).isLessThanOrEqualTo(3L * CONCURRENCY_PER_LANE);
            }
        }
    }

    private static void assertNoDelayedJobRanEarly(final Workload workload, final Map<String, Instant> ranAt) {
        workload.jobs().stream()
                .filter(job -> job.delayUntil() != null && ranAt.containsKey(job.eventId()))
                .forEach(job -> assertThat(ranAt.get(job.eventId()))
                        .as(job.eventId())
                        .isAfterOrEqualTo(job.delayUntil().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    private Deployment deployment(final String dc, final TestInfo testInfo) {
        return new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of(dc, KAFKA.uniqueApplicationId(testInfo))
                        .withConcurrencyPerLane(CONCURRENCY_PER_LANE)
                        .withHeapMb(HEAP_MB));
    }

    private static long duplicates(final Workload workload) {
        return workload.jobs().stream().filter(Job::duplicate).count();
    }
}
