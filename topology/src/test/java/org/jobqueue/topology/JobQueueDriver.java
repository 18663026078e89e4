package org.jobqueue.topology;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.ControlKeys;
import org.jobqueue.serdes.Fences;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.Topic;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;

/**
 * A TopologyTestDriver around {@link JobQueueTopology#build}, with the topics of the registry, a fixed start instant
 * and explicit wall-clock advances. The state directory can be kept to reopen a driver on the same state.
 */
public final class JobQueueDriver implements AutoCloseable {
    public static final Instant START = JobEvents.DEFAULT_DT;

    private final JobQueueConfig config;
    private final JobQueueTopics topics;
    private final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, JobResult> results;
    private final TestInputTopic<String, ControlRule> control;
    private final TestOutputTopic<byte[], byte[]> invalid;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final Map<String, TestOutputTopic<String, JobCommand>> commands;
    private Instant clock;

    public JobQueueDriver(final JobQueueConfig config) {
        this(config, newStateDir(), START);
    }

    public JobQueueDriver(final JobQueueConfig config, final Path stateDir, final Instant start) {
        this.config = config;
        this.clock = start;
        this.topics = config.topicRegistry();
        final Properties props = JobQueueTopology.streamsProperties(config);
        props.put("state.dir", stateDir.toString());
        props.put(JobQueueMetrics.CONFIG_KEY, metrics);
        this.driver = new TopologyTestDriver(JobQueueTopology.build(config), props, start);
        this.results = input(topics.results());
        this.control = input(topics.control());
        this.invalid = output(topics.invalid());
        this.deadLetters = output(topics.deadLetter());
        this.commands = new LinkedHashMap<>();
        config.queue().lanes().forEach(lane -> commands.put(lane, output(topics.commands(lane))));
    }

    public static Path newStateDir() {
        try {
            return Files.createTempDirectory("jobqueue-ttd-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JobQueueMetrics metrics() {
        return metrics;
    }

    public JobQueueConfig config() {
        return config;
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    /** Sends an event to its type's job topic, stamped with the driver's current wall-clock time. */
    public void send(final JobEvents event) {
        send(event.type(), event.bytes());
    }

    public void send(final String type, final byte[] value) {
        jobTopic(type).pipeInput(new TestRecord<>(null, value, null, clock));
    }

    public TestInputTopic<byte[], byte[]> jobTopic(final String type) {
        return input(topics.jobEvents(type));
    }

    /** Sends an event to {@code dc}'s job topic of its type, as the mirror delivers it. */
    public void sendFrom(final String dc, final JobEvents event) {
        input(new JobQueueTopics(dc, List.of(dc)).jobEvents(event.type()))
                .pipeInput(new TestRecord<>(null, event.bytes(), null, clock));
    }

    /** A result of {@code dc}'s executors for {@code event}, as the mirror delivers it. */
    public void resultFrom(
            final String dc,
            final JobEvents event,
            final String jobKey,
            final ResultStatus status,
            final Instant startedAt) {
        input(topics.results(dc))
                .pipeInput(new TestRecord<>(
                        jobKey,
                        new JobResult(
                                event.eventId() + "/1",
                                jobKey,
                                event.eventId(),
                                event.type(),
                                status,
                                false,
                                status == ResultStatus.ok ? 200 : 500,
                                startedAt.toEpochMilli(),
                                5L,
                                null,
                                dc + "-executor"),
                        null,
                        clock));
    }

    /** The fence that {@code jobqueue replay} appends to one partition of {@code dc}'s mirrored results. */
    public void fence(final String dc, final Instant takeover) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(Fences.header(takeover.toEpochMilli()));
        input(topics.results(dc)).pipeInput(new TestRecord<>(Fences.key(dc), null, headers, clock));
    }

    /** Writes an operator's rule to the control topic under its key, as jobqueue's commands do. */
    public void control(final ControlRule rule) {
        control.pipeInput(new TestRecord<>(ControlKeys.of(rule), rule, null, clock));
    }

    /** Removes the rule under {@code key} with a tombstone, as {@code jobqueue resume} does. */
    public void removeControl(final String key) {
        control.pipeInput(new TestRecord<>(key, null, null, clock));
    }

    public void advance(final Duration duration) {
        clock = clock.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Advances the wall clock by {@code step} {@code times} times, so that every tick in between runs. */
    public void advanceInSteps(final Duration step, final int times) {
        for (int i = 0; i < times; i++) advance(step);
    }

    /** The wall-clock time the driver has been advanced to. */
    public Instant now() {
        return clock;
    }

    public List<JobCommand> commands(final String lane) {
        return commands.get(lane).readValuesToList();
    }

    /** Commands of every lane, in release order. */
    public List<JobCommand> allCommands() {
        final List<JobCommand> all = new ArrayList<>();
        commands.keySet().forEach(lane -> all.addAll(commands(lane)));
        return all;
    }

    public List<TestRecord<byte[], byte[]>> invalidRecords() {
        return invalid.readRecordsToList();
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    public void result(
            final JobCommand command, final ResultStatus status, final Integer httpStatus, final boolean readonly) {
        final long startedAt = clock.toEpochMilli();
        results.pipeInput(
                command.getJobKey(),
                new JobResult(
                        command.getCommandId(),
                        command.getJobKey(),
                        command.getEventId(),
                        command.getType(),
                        status,
                        readonly,
                        httpStatus,
                        startedAt,
                        5L,
                        null,
                        "test"));
    }

    public void ok(final JobCommand command) {
        result(command, ResultStatus.ok, 200, false);
    }

    public void fail(final JobCommand command) {
        result(command, ResultStatus.retryable, 500, false);
    }

    private <K, V> TestInputTopic<K, V> input(final Topic<K, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(final Topic<K, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
