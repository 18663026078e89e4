package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poll loop against a mock consumer and producer, and a real HTTP endpoint whose answers the test holds back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaneExecutorTest {
    private static final String COMMANDS = "eqiad.jobqueue.commands.normal";
    private static final TopicPartition P0 = new TopicPartition(COMMANDS, 0);
    private static final TopicPartition P1 = new TopicPartition(COMMANDS, 1);
    private static final Pattern GATE = Pattern.compile("\"gate\":\"([^\"]*)\"");

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private MockProducer<String, JobResult> producer = producer(true);
    private TestEndpoint endpoint;
    private LaneMetrics metrics;
    private LaneExecutor executor;
    private Thread thread;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = TestEndpoint.start();
        endpoint.respondWith((exchange, body) -> {
            awaitGate(new String(body, StandardCharsets.UTF_8));
            TestEndpoint.answer(exchange, 200, "ok");
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        gates.values().forEach(CountDownLatch::countDown);
        if (executor != null) executor.requestStop();
        if (thread != null) thread.join(TimeUnit.SECONDS.toMillis(20));
        endpoint.close();
    }

    @Test
    void shouldNeverRunMoreThanItsConcurrencyAndPauseWhileFull() throws Exception {
        // Given a lane of concurrency 2 and five commands that wait for the test
        assign(P0, P1);
        for (int offset = 0; offset < 5; offset++) add(P0, offset, "held");
        start(2);

        // When two calls have started
        await().until(() -> endpoint.received().size() == 2);
        Thread.sleep(300);

        // Then no third one starts, and the partitions are paused
        assertThat(endpoint.received()).hasSize(2);
        assertThat(metrics.inFlight()).isEqualTo(2);
        assertThat(consumer.paused()).contains(P0, P1);

        // When the calls may finish, Then every command runs, everything is committed and polling resumes
        release("held");
        await().until(() -> producer.history().size() == 5);
        await().until(() -> hasCommitted(P0, 5));
        await().until(() -> consumer.paused().isEmpty());
    }

    @Test
    void shouldCommitOnlyUpToTheLowestUnfinishedCommand() throws Exception {
        // Given a slow command at offset 0 followed by two fast ones
        assign(P0);
        add(P0, 0, "slow");
        add(P0, 1, "");
        add(P0, 2, "");
        start(3);

        // When the fast ones finish first
        await().until(() -> producer.history().size() == 2);
        Thread.sleep(1_000);

        // Then the offset stays at 0 while it runs, and the commit records 1 and 2 as done
        assertThat(committedOffset(P0)).isZero();
        assertThat(consumer.commits.get(P0).metadata()).isEqualTo("done:1,2");

        // When the slow one finishes, Then all three are committed
        release("slow");
        await().until(() -> hasCommitted(P0, 3));
    }

    @Test
    void shouldCommitWhatFinishedAndForgetTheRestWhenAPartitionIsRevoked() throws Exception {
        // Given P0 with a finished command and a running one, and P1 with a finished one
        assign(P0, P1);
        add(P0, 0, "");
        add(P0, 1, "running");
        add(P1, 0, "");
        start(4);
        await().until(() -> producer.history().size() == 2);

        // When P0 is revoked
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().until(() -> consumer.assignment().equals(Set.of(P1)));

        // Then what finished in P0 was committed on revocation
        assertThat(committedOffset(P0)).isEqualTo(1L);

        // When P0's running command finishes later, Then its result is written but P0 is not committed further
        release("running");
        await().until(() -> producer.history().size() == 3);
        await().until(() -> hasCommitted(P1, 1));
        Thread.sleep(700);
        assertThat(committedOffset(P0)).isEqualTo(1L);
        assertThat(metrics.inFlight()).isZero();
    }

    @Test
    void shouldNotCommitACommandWhoseResultWasNotWritten() throws Exception {
        // Given a producer that acknowledges only when the test says so, and two commands
        producer = producer(false);
        assign(P0);
        add(P0, 0, "");
        add(P0, 1, "");
        start(2);
        await().until(() -> producer.history().size() == 2);

        // When the result sent first (of either command: they run at once) fails to be written, the other is
        // acknowledged
        final long failedOffset =
                producer.history().get(0).value().getCommandId().endsWith("-0") ? 0 : 1;
        producer.errorNext(new IllegalStateException("broker gone"));
        producer.completeNext();
        Thread.sleep(1_000);

        // Then the offset stays at the failed command's: it runs again after a restart
        assertThat(committedOffset(P0)).isEqualTo(failedOffset);
        assertThat(metrics.inFlight()).isZero();
        assertThat(metrics.count(ResultStatus.ok)).isEqualTo(1);
    }

    @Test
    void shouldSkipAnEmptyCommand() throws Exception {
        // Given a tombstone followed by a command
        assign(P0);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(COMMANDS, 0, 0, "key", null)));
        add(P0, 1, "");
        start(2);

        // When it runs, Then the command is run and both are committed
        await().until(() -> hasCommitted(P0, 2));
        assertThat(producer.history()).hasSize(1);
    }

    private void assign(final TopicPartition... partitions) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(partitions)));
    }

    private void add(final TopicPartition partition, final long offset, final String gate) {
        if (!gate.isEmpty()) gates.putIfAbsent(gate, new CountDownLatch(1));
        final String commandId = "c-" + partition.partition() + "-" + offset;
        final String event = "{\"database\":\"testwiki\",\"type\":\"t\",\"params\":{\"gate\":\"" + gate + "\"}}";
        final JobCommand command = Commands.command(commandId, event);
        consumer.schedulePollTask(() -> consumer.addRecord(
                new ConsumerRecord<>(COMMANDS, partition.partition(), offset, command.getJobKey(), command)));
    }

    private void start(final int concurrency) {
        metrics = new LaneMetrics(new MetricRegistry(), Priority.normal);
        final LaneExecutor.Setup setup = new LaneExecutor.Setup(
                Priority.normal, COMMANDS, "eqiad.jobqueue.results", concurrency, Duration.ofSeconds(5));
        final JobCaller caller = new JobCaller(endpoint.jobUri(), Duration.ofSeconds(30), null, "test:1");
        executor = new LaneExecutor(setup, consumer, producer, caller, metrics);
        thread = new Thread(executor, "lane-executor-test");
        thread.start();
    }

    private void release(final String gate) {
        gates.get(gate).countDown();
    }

    private void awaitGate(final String event) {
        final Matcher gate = GATE.matcher(event);
        final CountDownLatch latch = gate.find() ? gates.get(gate.group(1)) : null;
        try {
            if (latch != null) latch.await(30, TimeUnit.SECONDS);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Long committedOffset(final TopicPartition partition) {
        final OffsetAndMetadata committed = consumer.commits.get(partition);
        return committed == null ? null : committed.offset();
    }

    private boolean hasCommitted(final TopicPartition partition, final long offset) {
        return Long.valueOf(offset).equals(committedOffset(partition));
    }

    private static MockProducer<String, JobResult> producer(final boolean autoComplete) {
        return new MockProducer<>(
                autoComplete,
                null,
                new StringSerializer(),
                JobSerdes.jobResult().serializer());
    }

    /** Remembers every commit, even of a partition no longer assigned (MockConsumer then reports offset 0). */
    private static final class RecordingConsumer extends MockConsumer<String, JobCommand> {
        private final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();

        RecordingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(
                final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback) {
            commits.putAll(offsets);
            super.commitAsync(offsets, callback);
        }
    }
}
