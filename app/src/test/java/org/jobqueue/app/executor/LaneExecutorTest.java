package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.topology.config.ExecutorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The poll loop against a mock consumer and producer, and a real HTTP endpoint whose answers the test holds back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaneExecutorTest {
    private static final String COMMANDS = "eqiad.jobqueue.commands.normal";
    private static final TopicPartition P0 = new TopicPartition(COMMANDS, 0);
    private static final TopicPartition P1 = new TopicPartition(COMMANDS, 1);
    private static final Pattern GATE = Pattern.compile("\"gate\":\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]*)\"");
    /** How long "nothing happens" is watched for. */
    private static final Duration NOTHING_HAPPENS = Duration.ofMillis(700);

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final MetricRegistry registry = new MetricRegistry();
    // Scaled down: opens after 3 calls of which half failed, probes after 100 ms, then 200 ms, then every 400 ms
    private ExecutorConfig.Circuit circuit =
            new ExecutorConfig.Circuit(0.5, 3, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(400));
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

        // Then no third one starts, and the partitions are paused
        await().during(NOTHING_HAPPENS)
                .atMost(NOTHING_HAPPENS.multipliedBy(3))
                .until(() -> endpoint.received().size() == 2);
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

        // Then the commit records 1 and 2 as done, and the offset stays at 0 while it runs
        await().until(() -> consumer.commits.containsKey(P0)
                && consumer.commits.get(P0).metadata().equals("done:1,2"));
        await().during(NOTHING_HAPPENS).atMost(NOTHING_HAPPENS.multipliedBy(3)).until(() -> committedOffset(P0) == 0L);

        // When the slow one finishes, Then all three are committed
        release("slow");
        await().until(() -> hasCommitted(P0, 3));
    }

    @Test
    void shouldSetACommandOfACappedTypeAsideUncommittedAndRunItOnceWhenItsTypeHasRoom() throws Exception {
        // Given a lane of concurrency 4 where heavy is capped at 1: two heavy commands (the first waits for the test)
        // ahead of two of another type
        assign(P0);
        add(P0, 0, typed("heavy", "c-0-0", "heavy"));
        add(P0, 1, typed("heavy", "c-0-1", ""));
        add(P0, 2, "");
        add(P0, 3, "");
        start(4, Map.of("heavy", 1));

        // When the first heavy call runs and the others have finished
        await().until(() -> producer.history().size() == 2);
        await().until(() -> consumer.commits.containsKey(P0)
                && consumer.commits.get(P0).metadata().equals("done:2,3"));

        // Then the other type ran past the second heavy command, which is neither called nor committed
        await().during(NOTHING_HAPPENS)
                .atMost(NOTHING_HAPPENS.multipliedBy(3))
                .until(() -> endpoint.received().size() == 3 && committedOffset(P0) == 0L);
        assertThat(endpoint.received())
                .extracting(received -> commandIdIn(received.bodyText()))
                .containsExactlyInAnyOrder("c-0-0", "c-0-2", "c-0-3");

        // When the first heavy call ends, Then the second runs, once, and everything is committed
        release("heavy");
        await().until(() -> hasCommitted(P0, 4));
        assertThat(endpoint.received())
                .extracting(received -> commandIdIn(received.bodyText()))
                .containsExactlyInAnyOrder("c-0-0", "c-0-2", "c-0-3", "c-0-1");
        assertThat(producer.history()).hasSize(4);
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
        await().during(NOTHING_HAPPENS).atMost(NOTHING_HAPPENS.multipliedBy(3)).until(() -> committedOffset(P0) == 1L);
        assertThat(metrics.inFlight()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void shouldHoldTheLaneForRetryAfterThenCallAgainInsteadOfReportingAThrottlingAnswer(final int httpStatus)
            throws Exception {
        // Given an endpoint that asks the first call to come back in 1 s, and runs every later one
        final AtomicInteger calls = new AtomicInteger();
        endpoint.respondWith((exchange, body) -> {
            if (calls.incrementAndGet() > 1) {
                TestEndpoint.answer(exchange, 200, "ok");
                return;
            }
            exchange.getResponseHeaders().add("Retry-After", "1");
            TestEndpoint.answer(exchange, httpStatus, "slow down");
        });
        assign(P0);
        add(P0, 0, "");
        start(2);
        await().until(() ->
                registry.counter("jobqueue.executor.normal.throttled").getCount() == 1);

        // When another command arrives while the lane waits
        add(P0, 1, "");

        // Then both run and are reported ok, and nothing was called within the second the endpoint asked for
        await().until(() -> hasCommitted(P0, 2));
        assertThat(producer.history())
                .extracting(record -> record.value().getStatus())
                .containsExactly(ResultStatus.ok, ResultStatus.ok);
        final List<TestEndpoint.Received> received = endpoint.received();
        assertThat(received).hasSize(3);
        final long throttledAt = received.get(0).atNanos();
        assertThat(received.subList(1, 3))
                .allSatisfy(call -> assertThat(call.atNanos() - throttledAt)
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950)));
        assertThat(registry.counter("jobqueue.executor.normal.throttled").getCount())
                .isEqualTo(1);
        // Three calls of two commands: the delay from release to start is the first call's
        assertThat(registry.timer("jobqueue.executor.normal.start-delay").getCount())
                .isEqualTo(2);
        assertThat(registry.timer("jobqueue.executor.normal.duration").getCount())
                .isEqualTo(2);
    }

    @Test
    void shouldReportAThrottledCommandAtOnceWhenWaitingWouldOutlastItsClaim() throws Exception {
        // Given a command whose claim expires in 2 s (beyond the margin), and an endpoint that asks for 5 s
        endpoint.respondWith((exchange, body) -> {
            exchange.getResponseHeaders().add("Retry-After", "5");
            TestEndpoint.answer(exchange, 429, "slow down");
        });
        assign(P0);
        add(
                P0,
                0,
                JobCommand.newBuilder(Commands.command("c-0-0", event("c-0-0", "")))
                        .setClaimExpiresAt(System.currentTimeMillis() + LaneExecutor.CLAIM_MARGIN.toMillis() + 2_000)
                        .build());
        start(2);

        // When it runs, Then it is reported retryable after one call, before the dispatcher would expire it
        await().atMost(Duration.ofSeconds(2)).until(() -> hasCommitted(P0, 1));
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.value().getStatus()).isEqualTo(ResultStatus.retryable);
            assertThat(record.value().getHttpStatus()).isEqualTo(429);
        });
        assertThat(endpoint.received()).hasSize(1);
    }

    @Test
    void shouldReportAFailedCallAsTheJobsOwnOnceALaterCallGetsAnAnswer() throws Exception {
        // Given a job whose calls fail (a 500 without JobExecutor's answer) among four that run
        endpoint.respondWith((exchange, body) -> {
            final boolean bad = bodyOf(body).contains("c-0-0");
            if (!bad) sleep(Duration.ofMillis(100));
            TestEndpoint.answer(exchange, bad ? 500 : 200, bad ? "job failed" : "ok");
        });
        assign(P0);
        for (int offset = 0; offset < 5; offset++) add(P0, offset, "");
        start(2);

        // When they run, Then the failure is reported retryable after a single call, and the circuit stays closed
        await().until(() -> hasCommitted(P0, 5));
        assertThat(producer.history())
                .extracting(
                        record -> record.value().getCommandId(),
                        record -> record.value().getStatus())
                .contains(tuple("c-0-0", ResultStatus.retryable))
                .hasSize(5);
        assertThat(endpoint.received().stream().filter(call -> call.bodyText().contains("c-0-0")))
                .hasSize(1);
        assertThat(registry.counter("jobqueue.executor.normal.circuit-opened").getCount())
                .isZero();
    }

    @Test
    void shouldKeepFailedCallsWhileTheCircuitIsOpenAndRunEachJobOnceAfterwards() throws Exception {
        // Given an endpoint that fails every call (503) until the test lets it recover, and six commands
        final AtomicBoolean sick = new AtomicBoolean(true);
        final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
        endpoint.respondWith((exchange, body) -> {
            if (sick.get()) {
                TestEndpoint.answer(exchange, 503, "Service Unavailable");
                return;
            }
            ran.computeIfAbsent(commandIdIn(bodyOf(body)), id -> new AtomicInteger())
                    .incrementAndGet();
            TestEndpoint.answer(exchange, 200, "ok");
        });
        assign(P0);
        for (int offset = 0; offset < 6; offset++) add(P0, offset, "");
        start(3);

        // When the first calls fail, Then the circuit opens and the lane takes no more commands
        await().until(() -> circuitOpen() == 1);
        await().until(() -> consumer.paused().contains(P0));
        final int callsAtOpening = endpoint.received().size();

        // And while the endpoint is sick nothing is reported, and only probes (backing off) call it
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> producer.history().isEmpty());
        assertThat(endpoint.received().size() - callsAtOpening).isBetween(1, 8);

        // When the endpoint recovers
        sick.set(false);

        // Then every job runs once, is reported ok once, and the circuit closes
        await().until(() -> hasCommitted(P0, 6));
        assertThat(producer.history())
                .extracting(record -> record.value().getStatus())
                .containsOnly(ResultStatus.ok)
                .hasSize(6);
        assertThat(ran)
                .hasSize(6)
                .allSatisfy((id, runs) -> assertThat(runs.get()).isOne());
        assertThat(circuitOpen()).isZero();
        assertThat(registry.counter("jobqueue.executor.normal.circuit-opened").getCount())
                .isOne();
    }

    @Test
    void shouldTakeTheFailuresOfAQuietLaneForAnOutageOnceAWindowPassesWithNoAnswer() throws Exception {
        // Given a lane too quiet for the failure ratio (one command, min_calls 10, a 300 ms window), and an endpoint
        // that fails (502) until the test lets it recover
        final AtomicBoolean sick = new AtomicBoolean(true);
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, sick.get() ? 502 : 200, "..."));
        circuit = new ExecutorConfig.Circuit(
                0.5, 10, Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(200));
        assign(P0);
        add(P0, 0, "");
        start(2);

        // When its call fails and no other call follows, Then the circuit opens and nothing is reported
        await().until(() -> circuitOpen() == 1);
        await().during(NOTHING_HAPPENS)
                .atMost(NOTHING_HAPPENS.multipliedBy(3))
                .until(() -> producer.history().isEmpty());

        // When the endpoint recovers, Then the job is reported ok: its failure spent no attempt
        sick.set(false);
        await().until(() -> hasCommitted(P0, 1));
        assertThat(producer.history())
                .singleElement()
                .satisfies(record -> assertThat(record.value().getStatus()).isEqualTo(ResultStatus.ok));
    }

    @Test
    void shouldReportAKeptCommandBeforeItsClaimExpiresWhenTheEndpointStaysDown() throws Exception {
        // Given an endpoint that is down for good, a circuit that opens on one failure, and a command whose claim
        // expires 2 s after the margin
        endpoint.respondWith((exchange, body) -> TestEndpoint.answer(exchange, 502, "Bad Gateway"));
        circuit = new ExecutorConfig.Circuit(
                0.5, 1, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(200));
        assign(P0);
        final long reportBy = System.currentTimeMillis() + 2_000;
        add(
                P0,
                0,
                JobCommand.newBuilder(Commands.command("c-0-0", event("c-0-0", "")))
                        .setClaimExpiresAt(reportBy + LaneExecutor.CLAIM_MARGIN.toMillis())
                        .build());
        start(2);

        // When its time is up, Then it is reported retryable (the dispatcher retries it), not left to expire
        await().atMost(Duration.ofSeconds(5)).until(() -> hasCommitted(P0, 1));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(reportBy);
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.value().getStatus()).isEqualTo(ResultStatus.retryable);
            assertThat(record.value().getHttpStatus()).isEqualTo(502);
        });
        assertThat(endpoint.received().size()).isGreaterThan(1); // the first call, then probes
    }

    @Test
    void shouldSendAResultAgainAndTakeNoNewCommandUntilItIsWritten() throws Exception {
        // Given a producer that acknowledges only when the test says so, and one command whose result fails
        producer = producer(false);
        assign(P0);
        add(P0, 0, "");
        start(2);
        await().until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed since batch creation"));
        await().until(() -> writeFailures() == 1);

        // When another command arrives
        add(P0, 1, "");

        // Then the lane takes it not while the result waits, and sends the result again
        await().until(() -> consumer.paused().contains(P0));
        await().during(NOTHING_HAPPENS)
                .atMost(NOTHING_HAPPENS.multipliedBy(3))
                .until(() -> endpoint.received().size() == 1);
        await().until(() -> producer.history().size() == 2);
        assertThat(committedOffset(P0)).isNull();

        // When it is written, Then the lane goes on, and both are committed
        await().until(() -> {
            producer.completeNext();
            return hasCommitted(P0, 2);
        });
        assertThat(producer.history())
                .extracting(record -> record.value().getCommandId())
                .containsExactly("c-0-0", "c-0-0", "c-0-1");
        assertThat(metrics.inFlight()).isZero();
        assertThat(writeFailures()).isOne();
    }

    @Test
    void shouldWriteTheResultsOfTheCallsInFlightWhenStopped() throws Exception {
        // Given a slow call, and a fast one whose result failed to be written
        producer = producer(false);
        assign(P0);
        add(P0, 0, "slow");
        add(P0, 1, "");
        start(2);
        await().until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

        // When the lane is stopped, and the slow call finishes afterwards
        executor.requestStop();
        release("slow");

        // Then the stopping lane writes the slow call's result, sends the failed one again, and commits both
        await().until(() -> {
            producer.completeNext();
            return hasCommitted(P0, 2);
        });
        thread.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(thread.isAlive()).isFalse();
        assertThat(producer.history())
                .extracting(record -> record.value().getCommandId())
                .containsExactlyInAnyOrder("c-0-0", "c-0-1", "c-0-1");
    }

    @Test
    void shouldLeaveAHeldCommandUncommittedWhenStopped() throws Exception {
        // Given a command held for a long Retry-After, and one that ran
        endpoint.respondWith((exchange, body) -> {
            if (!bodyOf(body).contains("c-0-0")) {
                TestEndpoint.answer(exchange, 200, "ok");
                return;
            }
            exchange.getResponseHeaders().add("Retry-After", "4");
            TestEndpoint.answer(exchange, 429, "slow down");
        });
        assign(P0);
        add(P0, 0, "");
        add(P0, 1, "");
        start(2);
        await().until(() -> consumer.commits.containsKey(P0)
                && consumer.commits.get(P0).metadata().equals("done:1"));

        // When the lane is stopped
        executor.requestStop();

        // Then it ends without waiting for it, and the held command runs again from the last commit
        thread.join(TimeUnit.SECONDS.toMillis(3));
        assertThat(thread.isAlive()).isFalse();
        assertThat(committedOffset(P0)).isZero();
        assertThat(producer.history())
                .extracting(record -> record.value().getCommandId())
                .containsExactly("c-0-1");
    }

    @Test
    void shouldCarryOnRunningCommandsAfterPollingFailedDuringABrokersOutage() throws Exception {
        // Given a lane whose poll fails once, as during a broker's outage, between two commands
        assign(P0);
        add(P0, 0, "");
        consumer.schedulePollTask(() -> consumer.setPollException(new TimeoutException("the broker is down")));
        add(P0, 1, "");
        start(2);

        // When it runs, Then both commands run and are committed, and the lane has not stopped
        await().until(() -> hasCommitted(P0, 2));
        assertThat(producer.history()).hasSize(2);
        assertThat(executor.hasFailed()).isFalse();
    }

    @Test
    void shouldNotRunCommandsAgainWhenTheGroupReadsBackAnOlderCommitAtAReassignment() throws Exception {
        // Given two commands run and committed
        assign(P0);
        add(P0, 0, "");
        add(P0, 1, "");
        start(2);
        await().until(() -> hasCommitted(P0, 2));

        // When the partition comes back while the group reads back offset 0 (a restarting broker), with a third command
        consumer.schedulePollTask(() -> {
            consumer.readBackAsCommitted(P0, 0);
            consumer.rebalance(List.of());
            consumer.rebalance(List.of(P0));
        });
        add(P0, 0, "");
        add(P0, 1, "");
        add(P0, 2, "");

        // Then only the third one runs
        await().until(() -> endpoint.received().size() == 3);
        await().during(NOTHING_HAPPENS)
                .atMost(NOTHING_HAPPENS.multipliedBy(3))
                .until(() -> endpoint.received().size() == 3);
    }

    @Test
    void shouldTellTheFailuresThatAnOutageExplainsFromThoseThatLast() {
        assertThat(LaneExecutor.isLasting(new TimeoutException("the broker is down")))
                .isFalse();
        assertThat(
                        LaneExecutor.isLasting(
                                new KafkaException(
                                        "Unexpected error from SyncGroup: The coordinator is loading and hence can't process requests.")))
                .isFalse();
        assertThat(LaneExecutor.isLasting(new KafkaException(
                        "User rebalance callback throws an error", new TimeoutException("no coordinator"))))
                .isFalse();
        assertThat(LaneExecutor.isLasting(new TopicAuthorizationException("not allowed")))
                .isTrue();
        assertThat(LaneExecutor.isLasting(
                        new KafkaException("wrapped", new SaslAuthenticationException("bad password"))))
                .isTrue();
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
        add(partition, offset, Commands.command(commandId, event(commandId, gate)));
    }

    private void add(final TopicPartition partition, final long offset, final JobCommand command) {
        consumer.schedulePollTask(() -> consumer.addRecord(
                new ConsumerRecord<>(COMMANDS, partition.partition(), offset, command.getJobKey(), command)));
    }

    private JobCommand typed(final String type, final String commandId, final String gate) {
        if (!gate.isEmpty()) gates.putIfAbsent(gate, new CountDownLatch(1));
        return JobCommand.newBuilder(Commands.command(commandId, event(commandId, gate)))
                .setType(type)
                .build();
    }

    private static String event(final String commandId, final String gate) {
        return "{\"database\":\"testwiki\",\"type\":\"t\",\"params\":{\"id\":\"" + commandId + "\",\"gate\":\"" + gate
                + "\"}}";
    }

    private static String bodyOf(final byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String commandIdIn(final String event) {
        final Matcher id = ID.matcher(event);
        return id.find() ? id.group(1) : "";
    }

    private long writeFailures() {
        return registry.counter("jobqueue.executor.normal.result-write-failures")
                .getCount();
    }

    private long circuitOpen() {
        return ((Number) registry.getGauges()
                        .get("jobqueue.executor.normal.circuit-open")
                        .getValue())
                .longValue();
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(final int concurrency) {
        start(concurrency, Map.of());
    }

    private void start(final int concurrency, final Map<String, Integer> typeConcurrency) {
        metrics = new LaneMetrics(registry, "normal");
        final LaneExecutor.Setup setup = new LaneExecutor.Setup(
                "normal",
                COMMANDS,
                "eqiad.jobqueue.results",
                concurrency,
                Duration.ofSeconds(5),
                new ExecutorConfig.Throttle(Duration.ofMillis(200), Duration.ofSeconds(5)),
                circuit,
                typeConcurrency);
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
        public synchronized void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits.putAll(offsets);
            super.commitSync(offsets);
        }

        /** What a restarting broker may answer for a while: an older commit than the last one acknowledged. */
        synchronized void readBackAsCommitted(final TopicPartition partition, final long offset) {
            super.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }

        @Override
        public synchronized void commitAsync(
                final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback) {
            commits.putAll(offsets);
            super.commitAsync(offsets, callback);
        }
    }
}
