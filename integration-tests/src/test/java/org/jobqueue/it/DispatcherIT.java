package org.jobqueue.it;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.app.run.JobQueueInstance;
import org.jobqueue.it.support.JobEvents;
import org.jobqueue.it.support.JobEvents.JobEvent;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.it.support.StubExecutor;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.LaneNames;
import org.jobqueue.topology.config.ProcessingGuarantee;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.LaneSize;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dispatcher end to end, under {@code exactly_once_v2} on a real broker: job events in, one command per job out on
 * its type's lane, results take jobs out of the queue, and a restart (on the same state or restored from the
 * changelogs) neither loses nor repeats a job. The test is the executor: it answers commands with {@code ok} results.
 *
 * <p>The tests share one cluster, so each uses a data centre of its own (its own topics) and its own application id.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DispatcherIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(3);
    private static final int PARTITIONS = 4;
    private static final int BACKLOG = 10_000;
    private static final Map<String, String> LANE_OF_TYPE =
            Map.of("cdnPurge", "high", "enotifNotify", "normal", "refreshLinks", "low");
    private static final Map<String, TypeConfig> TYPES = Map.of(
            "cdnPurge", new TypeConfig("high", null, null, null, null),
            "refreshLinks", new TypeConfig("low", null, null, null, null));
    private static final AtomicInteger DATA_CENTRES = new AtomicInteger();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    enum Restart {
        SAME_STATE_DIR,
        FRESH_STATE_DIR
    }

    @Test
    void shouldReleaseEveryJobExactlyOnceOnTheLaneOfItsType(final TestInfo testInfo) {
        // Given: a running instance and an executor that does not answer
        final Scenario scenario = new Scenario(testInfo, QueueConfig.DEFAULT);
        try (StubExecutor executor = new StubExecutor(KAFKA, scenario.topics, false);
                JobQueueInstance instance = start(scenario.config(KAFKA.newStateDir()))) {

            // When: ten jobs of a high, a normal and a low priority type arrive
            final List<JobEvent> jobs = dueJobs(10);
            scenario.produce(jobs);

            // Then: exactly one command per job, on the lane of its type
            final List<ConsumerRecord<String, JobCommand>> commands = awaitExactlyOneCommandPerJob(executor, jobs);
            assertThat(commands).allSatisfy(command -> assertOnLaneOfItsType(scenario.topics, command));
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void shouldTakeJobsOutOfTheQueueWhenTheirResultsAreOk(final TestInfo testInfo) {
        // Given: a running instance and an executor that answers every command with ok
        final Scenario scenario = new Scenario(testInfo, QueueConfig.DEFAULT);
        try (StubExecutor executor = new StubExecutor(KAFKA, scenario.topics, true);
                JobQueueInstance instance = start(scenario.config(KAFKA.newStateDir()))) {

            // When
            final List<JobEvent> jobs = dueJobs(10);
            scenario.produce(jobs);

            // Then: every job ran once, left the queue, and was not released again
            final JobQueueMetrics metrics = instance.metrics();
            await("ok results").atMost(TIMEOUT).until(() -> metrics.total(Outcome.OK) == jobs.size());
            await("empty lanes").atMost(TIMEOUT).until(() -> jobsInQueue(metrics) == 0);
            awaitExactlyOneCommandPerJob(executor, jobs);
        }
    }

    @Test
    void shouldPickUpAJobTopicCreatedAfterTheStartWithinAMinute(final TestInfo testInfo) {
        // Given: a running instance
        final Scenario scenario = new Scenario(testInfo, QueueConfig.DEFAULT);
        try (StubExecutor executor = new StubExecutor(KAFKA, scenario.topics, false);
                JobQueueInstance instance = start(scenario.config(KAFKA.newStateDir()))) {

            // When: a job type's topic appears only now, with a job in it
            final JobEvent job = JobEvents.job("newJobType");
            KAFKA.createTopics(
                    PARTITIONS, List.of(scenario.topics.jobEvents(job.type()).name()));
            scenario.produce(List.of(job));

            // Then: its job is released within a minute
            await("the new topic's job released")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> eventIdsOf(executor.commands()).contains(job.eventId()));
        }
    }

    @Test
    void shouldReleaseAHighLaneJobAheadOfALowLaneBacklog(final TestInfo testInfo) {
        // Given: a backlog of low-lane jobs, with room in flight for all, and a high-lane job appended after them
        final Scenario scenario =
                new Scenario(testInfo, new QueueConfig(Map.of("low", BACKLOG), null, null, null, null, null));
        scenario.produce(IntStream.range(0, BACKLOG)
                .mapToObj(i -> JobEvents.job("refreshLinks"))
                .toList());
        final JobEvent high = JobEvents.job("cdnPurge");
        scenario.produce(List.of(high));
        try (StubExecutor executor = new StubExecutor(KAFKA, scenario.topics, false);
                JobQueueInstance instance = start(scenario.config(KAFKA.newStateDir()))) {

            // When: the instance works through them
            await("a command for every job")
                    .atMost(TIMEOUT)
                    .until(() -> executor.commands().size() == BACKLOG + 1);

            // Then: the high-lane job passed most of the backlog, in intake and again in the queue
            final List<JobCommand> commands =
                    executor.commands().stream().map(ConsumerRecord::value).toList();
            final long highReleasedAt = commands.stream()
                    .filter(command -> command.getEventId().equals(high.eventId()))
                    .findFirst()
                    .orElseThrow()
                    .getReleasedAt();
            assertThat(commands.stream()
                            .filter(command -> command.getReleasedAt() < highReleasedAt)
                            .count())
                    .as("low-lane jobs released before the high-lane one")
                    .isLessThan(BACKLOG / 20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Restart.class)
    void shouldReleaseEveryWaitingAndDelayedJobExactlyOnceAfterARestart(
            final Restart restart, final TestInfo testInfo) {
        // Given: one job in flight per lane and partition, an executor that does not answer yet, and jobs waiting:
        // due ones behind the in-flight window, and delayed ones due in 20 s
        final Scenario scenario = new Scenario(testInfo, windowOfOnePerLane());
        final Path stateDir = KAFKA.newStateDir();
        final List<JobEvent> due = dueJobs(8);
        final List<JobEvent> delayed = delayedJobs(2, Instant.now().plusSeconds(20));
        final List<JobEvent> jobs =
                Stream.concat(due.stream(), delayed.stream()).toList();
        try (StubExecutor executor = new StubExecutor(KAFKA, scenario.topics, false)) {
            runUntilEveryJobIsQueued(scenario.config(stateDir), scenario, executor, jobs);

            // When: a new instance of the application takes over, and the executor starts answering
            final Path newStateDir = restart == Restart.SAME_STATE_DIR ? stateDir : KAFKA.newStateDir();
            try (JobQueueInstance successor = start(scenario.config(newStateDir))) {
                executor.startAnswering();

                // Then: every job is released exactly once, none of the delayed ones before it is due
                final List<ConsumerRecord<String, JobCommand>> commands = awaitExactlyOneCommandPerJob(executor, jobs);
                assertReleasedWhenDue(commands, delayed);
                final JobQueueMetrics metrics = successor.metrics();
                await("ok results").atMost(TIMEOUT).until(() -> metrics.total(Outcome.OK) == jobs.size());
                await("empty lanes").atMost(TIMEOUT).until(() -> jobsInQueue(metrics) == 0);
            }
        }
    }

    /** Runs an instance until it holds every job, and closes it: a few released (unanswered), most waiting. */
    private static void runUntilEveryJobIsQueued(
            final JobQueueConfig config,
            final Scenario scenario,
            final StubExecutor executor,
            final List<JobEvent> jobs) {
        try (JobQueueInstance first = start(config)) {
            scenario.produce(jobs);
            final JobQueueMetrics metrics = first.metrics();
            await("every job queued, the released ones read")
                    .atMost(TIMEOUT)
                    .until(() -> jobsInQueue(metrics) == jobs.size()
                            && inFlight(metrics) == executor.commands().size());
            assertThat(executor.commands()).isNotEmpty().hasSizeLessThanOrEqualTo(PARTITIONS * LANE_OF_TYPE.size());
        }
    }

    private static List<ConsumerRecord<String, JobCommand>> awaitExactlyOneCommandPerJob(
            final StubExecutor executor, final List<JobEvent> jobs) {
        final Set<String> eventIds = jobs.stream().map(JobEvent::eventId).collect(Collectors.toSet());
        await("a command for every job")
                .atMost(TIMEOUT)
                .until(() -> eventIdsOf(executor.commands()).containsAll(eventIds));
        await("no further command")
                .during(QUIET_PERIOD)
                .atMost(QUIET_PERIOD.multipliedBy(2))
                .until(() -> executor.commands().size() == jobs.size());
        final List<ConsumerRecord<String, JobCommand>> commands = executor.commands();
        assertThat(commands.stream()
                        .collect(groupingBy(command -> command.value().getEventId(), counting())))
                .containsOnlyKeys(eventIds)
                .allSatisfy((eventId, count) -> assertThat(count).as(eventId).isEqualTo(1L));
        return commands;
    }

    private static void assertOnLaneOfItsType(
            final JobQueueTopics topics, final ConsumerRecord<String, JobCommand> record) {
        final JobCommand command = record.value();
        final String lane = LANE_OF_TYPE.get(command.getType());
        assertThat(record.topic()).isEqualTo(topics.commands(lane).name());
        assertThat(Lanes.of(command)).isEqualTo(lane);
        assertThat(record.key()).isEqualTo(command.getJobKey());
    }

    private static void assertReleasedWhenDue(
            final List<ConsumerRecord<String, JobCommand>> commands, final List<JobEvent> delayed) {
        final Map<String, Instant> dueAt = delayed.stream()
                .collect(Collectors.toMap(
                        JobEvent::eventId, job -> job.delayUntil().truncatedTo(ChronoUnit.MILLIS)));
        assertThat(commands)
                .map(ConsumerRecord::value)
                .filteredOn(command -> dueAt.containsKey(command.getEventId()))
                .hasSize(delayed.size())
                .allSatisfy(command -> assertThat(Instant.ofEpochMilli(command.getReleasedAt()))
                        .isAfterOrEqualTo(dueAt.get(command.getEventId())));
    }

    private static JobQueueInstance start(final JobQueueConfig config) {
        final JobQueueInstance instance = new JobQueueInstance(config);
        instance.start();
        await("instance running").atMost(TIMEOUT).until(() -> instance.state() == KafkaStreams.State.RUNNING);
        return instance;
    }

    /** {@code perType} jobs of each type, due now, in an interleaved order. */
    private static List<JobEvent> dueJobs(final int perType) {
        final List<JobEvent> jobs = new ArrayList<>();
        IntStream.range(0, perType).forEach(i -> LANE_OF_TYPE.keySet().forEach(type -> jobs.add(JobEvents.job(type))));
        return jobs;
    }

    private static List<JobEvent> delayedJobs(final int perType, final Instant delayUntil) {
        return IntStream.range(0, perType)
                .boxed()
                .flatMap(i -> LANE_OF_TYPE.keySet().stream().map(type -> JobEvents.delayedJob(type, delayUntil)))
                .toList();
    }

    private static QueueConfig windowOfOnePerLane() {
        final Map<String, Integer> windows =
                LaneNames.BUILT_IN.stream().collect(Collectors.toMap(lane -> lane, lane -> 1));
        return new QueueConfig(windows, null, null, null, null, null);
    }

    private static Set<String> eventIdsOf(final List<ConsumerRecord<String, JobCommand>> commands) {
        return commands.stream().map(command -> command.value().getEventId()).collect(Collectors.toSet());
    }

    private static long jobsInQueue(final JobQueueMetrics metrics) {
        return lanes(metrics)
                .mapToLong(size -> size.ready() + size.delayed() + size.inFlight())
                .sum();
    }

    private static long inFlight(final JobQueueMetrics metrics) {
        return lanes(metrics).mapToLong(LaneSize::inFlight).sum();
    }

    private static Stream<LaneSize> lanes(final JobQueueMetrics metrics) {
        return LaneNames.BUILT_IN.stream().map(metrics::laneSize);
    }

    /** One test's data centre (so its own topics), application id, job topics and configuration. */
    private static final class Scenario {
        private final String dc = "eqiad-" + DATA_CENTRES.incrementAndGet();
        private final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        private final String applicationId;
        private final QueueConfig queue;

        Scenario(final TestInfo testInfo, final QueueConfig queue) {
            this.applicationId = KAFKA.uniqueApplicationId(testInfo);
            this.queue = new QueueConfig(
                    queue.inFlight(),
                    queue.claimTtl(),
                    queue.dedupWindow(),
                    Duration.ofMillis(50),
                    queue.maxScanPerTick(),
                    queue.maxEventBytes());
            KAFKA.createTopics(
                    PARTITIONS,
                    LANE_OF_TYPE.keySet().stream()
                            .map(type -> topics.jobEvents(type).name())
                            .toList());
        }

        JobQueueConfig config(final Path stateDir) {
            return new JobQueueConfig(
                    dc,
                    List.of(dc),
                    applicationId,
                    kafka(),
                    stateDir.toString(),
                    ProcessingGuarantee.EXACTLY_ONCE_V2,
                    new TopicsConfig(PARTITIONS, (short) 1),
                    queue,
                    null,
                    null,
                    TYPES);
        }

        /** Writes each job to the topic of its type, without a key: intake re-keys every job by its job key. */
        void produce(final List<JobEvent> jobs) {
            jobs.stream()
                    .collect(groupingBy(JobEvent::type))
                    .forEach((type, ofType) -> KAFKA.produce(
                            topics.jobEvents(type),
                            ofType.stream()
                                    .map(job -> KeyValue.<byte[], byte[]>pair(null, job.json()))
                                    .toList()));
        }

        private static Map<String, String> kafka() {
            // A closed instance's consumers stay in the group until their session times out; keep that short.
            return Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "session.timeout.ms", "10000");
        }
    }
}
