package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.config.ExecutorConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.LaneNames;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JobExecutorsTest {
    private static final int PARTITIONS = 2;
    private static final Map<String, String> ONE_NODE_BROKER = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");
    // The executors' producer gives up on a result after 2 s (instead of 2 min), so that a test sees it fail.
    private static final Map<String, String> SHORT_DELIVERY = Map.of(
            "producer.delivery.timeout.ms", "2000",
            "producer.request.timeout.ms", "1000",
            "producer.linger.ms", "0",
            "producer.max.block.ms", "2000");
    // What RunSingleJob.php answers (500) when the job ran and failed: JobExecutor's answer.
    private static final String JOB_FAILED = "{\"status\":false,\"readonly\":false,\"message\":\"failed\"}";
    private static final Pattern ID = Pattern.compile("\"job\":\"([^\"]*)\"");
    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    private TestEndpoint endpoint;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunningAtOnce = new AtomicInteger();
    private volatile Duration jobTime = Duration.ofMillis(300);

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = OneNodeCluster.start(ONE_NODE_BROKER);
        admin = cluster.admin();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        cluster.close();
    }

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = TestEndpoint.start();
        endpoint.respondWith((exchange, body) -> {
            final int now = running.incrementAndGet();
            mostRunningAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(jobTime.toMillis());
                final String event = new String(body, StandardCharsets.UTF_8);
                final int status = statusFor(event);
                TestEndpoint.answer(exchange, status, status == 500 ? JOB_FAILED : "answered");
            } catch (final InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        });
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void shouldWriteOneResultPerCommandAndCommitToTheEnd() throws Exception {
        // Given 9 commands in the normal lane: 5 that succeed, 2 that fail, 2 the endpoint refuses
        final JobQueueConfig config = config("exec", 2);
        final JobQueueTopics topics = createTopics(config);
        final Map<String, ResultStatus> expected = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            final String outcome = i < 5 ? "ok" : i < 7 ? "fail" : "refuse";
            final String commandId = "cmd-" + i;
            produce(topics.commands("normal"), Commands.command(commandId, event(outcome)));
            expected.put(commandId, i < 5 ? ResultStatus.ok : i < 7 ? ResultStatus.retryable : ResultStatus.fatal);
        }
        final MetricRegistry registry = new MetricRegistry();

        // When the normal lane's executors run
        try (JobExecutors executors = new JobExecutors(config, Set.of("normal"), registry)) {
            executors.start();

            // Then every command has one result with the status its answer calls for
            final List<JobResult> results = readResults(topics, 9);
            assertThat(results.stream().collect(Collectors.toMap(JobResult::getCommandId, JobResult::getStatus)))
                    .isEqualTo(expected);
            assertThat(results)
                    .allSatisfy(result -> assertThat(result.getExecutor()).isNotBlank());

            // And the group's committed offsets reach the end of the lane's topic
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(committed(config, "normal"))
                            .isEqualTo(endOffsets(topics.commands("normal").name())));

            // And never more than the lane's concurrency ran at once
            assertThat(mostRunningAtOnce.get()).isBetween(1, 2);
            assertThat(executors.stats()).isEqualTo(new ExecutorStats(0, 5, 2, 2));
            assertThat(registry.counter("jobqueue.executor.normal.ok").getCount())
                    .isEqualTo(5);
            assertThat(registry.counter("jobqueue.executor.normal.retryable").getCount())
                    .isEqualTo(2);
            assertThat(registry.counter("jobqueue.executor.normal.fatal").getCount())
                    .isEqualTo(2);
            assertThat(registry.timer("jobqueue.executor.normal.duration").getCount())
                    .isEqualTo(9);
            assertThat(registry.getGauges()).containsKey("jobqueue.executor.normal.in-flight");
        }
    }

    @Test
    void shouldFinishTheCallsInFlightWhenClosed() throws Exception {
        // Given executors running 4 commands of 2 s each, 4 at a time
        jobTime = Duration.ofSeconds(2);
        final JobQueueConfig config = config("drain", 4);
        final JobQueueTopics topics = createTopics(config);
        for (int i = 0; i < 4; i++) produce(topics.commands("high"), Commands.command("slow-" + i, event("ok")));
        final JobExecutors executors = new JobExecutors(config, Set.of("high"), new MetricRegistry());
        try {
            executors.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> executors.stats().inFlight() == 4);
        } finally {
            // When they are closed while the calls run (twice: close is idempotent)
            executors.close();
            executors.close();
        }

        // Then the calls finished, their results were written and their offsets committed
        assertThat(executors.stats()).isEqualTo(new ExecutorStats(0, 4, 0, 0));
        assertThat(readResults(topics, 4)).hasSize(4);
        assertThat(committed(config, "high"))
                .isEqualTo(endOffsets(topics.commands("high").name()));
    }

    @Test
    void shouldRunEveryJobOnceThroughAnOutageAndReportOnlyOk() throws Exception {
        // Given an endpoint that answers 503 to every call for 5 s from the first one, then runs the jobs
        final AtomicLong outageEnds = new AtomicLong();
        final AtomicInteger failedCalls = new AtomicInteger();
        final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
        endpoint.respondWith((exchange, body) -> {
            final long now = System.nanoTime();
            outageEnds.compareAndSet(0, now + TimeUnit.SECONDS.toNanos(5));
            if (now - outageEnds.get() < 0) {
                failedCalls.incrementAndGet();
                TestEndpoint.answer(exchange, 503, "Service Unavailable");
                return;
            }
            ran.computeIfAbsent(idIn(body), id -> new AtomicInteger()).incrementAndGet();
            TestEndpoint.answer(exchange, 200, "ok");
        });
        // And 30 commands for a lane of concurrency 4 whose circuit opens after 4 calls, half of them failed
        final ExecutorConfig.Circuit circuit = new ExecutorConfig.Circuit(
                0.5, 4, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1));
        final JobQueueConfig config = config("outage", 4, circuit, Map.of());
        final JobQueueTopics topics = createTopics(config);
        final List<JobCommand> commands = new ArrayList<>();
        for (int i = 0; i < 30; i++) commands.add(Commands.command("job-" + i, event("ok", "job-" + i)));
        produce(topics.commands("normal"), commands);
        final MetricRegistry registry = new MetricRegistry();

        // When the lane runs through the outage
        try (JobExecutors executors = new JobExecutors(config, Set.of("normal"), registry)) {
            executors.start();

            // Then every job has one result, ok: nothing is retried by the dispatcher, nothing dead-lettered
            final List<JobResult> results = readResults(topics, 30);
            assertThat(results).extracting(JobResult::getStatus).containsOnly(ResultStatus.ok);
            assertThat(results).extracting(JobResult::getCommandId).doesNotHaveDuplicates();

            // And every job ran exactly once at the endpoint, with few calls while it was down
            assertThat(ran)
                    .hasSize(30)
                    .allSatisfy((id, runs) -> assertThat(runs.get()).isOne());
            assertThat(failedCalls.get()).isBetween(4, 20);
            assertThat(registry.counter("jobqueue.executor.normal.circuit-opened")
                            .getCount())
                    .isPositive();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(committed(config, "normal"))
                            .isEqualTo(endOffsets(topics.commands("normal").name())));
        }
    }

    @Test
    void shouldTakeNoNewCommandWhileResultsCannotBeWrittenAndWriteEachOnceTheyCan() throws Exception {
        // Given a results topic that refuses writes (it needs more in-sync replicas than the one broker has), a
        // producer that gives up on a write after 2 s, and six commands for a lane of concurrency 2
        final JobQueueConfig config = config("blocked", 2, ExecutorConfig.Circuit.DEFAULT, SHORT_DELIVERY);
        final JobQueueTopics topics = createTopics(config);
        refuseWrites(topics.results().name(), true);
        final List<JobCommand> commands = new ArrayList<>();
        for (int i = 0; i < 6; i++) commands.add(Commands.command("blocked-" + i, event("ok", "blocked-" + i)));
        produce(topics.commands("normal"), commands);
        final MetricRegistry registry = new MetricRegistry();

        try (JobExecutors executors = new JobExecutors(config, Set.of("normal"), registry)) {
            // When the lane runs its first two commands and cannot write their results
            executors.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.counter("jobqueue.executor.normal.result-write-failures")
                                    .getCount()
                            >= 2);

            // Then it takes no new command meanwhile
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> endpoint.received().size() == 2);
            assertThat(executors.stats().inFlight()).isEqualTo(2);

            // When the topic takes writes again
            refuseWrites(topics.results().name(), false);

            // Then every command has exactly one result, and the group commits to the end
            final List<JobResult> results = readResults(topics, 6);
            assertThat(results).extracting(JobResult::getCommandId).doesNotHaveDuplicates();
            assertThat(endpoint.received()).hasSize(6);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(committed(config, "normal"))
                            .isEqualTo(endOffsets(topics.commands("normal").name())));
        }
    }

    @Test
    void shouldWriteTheResultsOfTheCallsInFlightBeforeItStopsThoughTheResultsTopicIsDownForAWhile() throws Exception {
        // Given executors running two 1 s commands while the results topic refuses writes
        jobTime = Duration.ofSeconds(1);
        final JobQueueConfig config = config("drain-blocked", 2, ExecutorConfig.Circuit.DEFAULT, SHORT_DELIVERY);
        final JobQueueTopics topics = createTopics(config);
        refuseWrites(topics.results().name(), true);
        produce(
                topics.commands("high"),
                List.of(
                        Commands.command("drain-0", event("ok", "drain-0")),
                        Commands.command("drain-1", event("ok", "drain-1"))));
        final MetricRegistry registry = new MetricRegistry();
        final JobExecutors executors = new JobExecutors(config, Set.of("high"), registry);
        executors.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.received().size() == 2);

        // When they are stopped (as SIGTERM does) and the topic takes writes again 4 s later
        final CompletableFuture<Void> recovery = CompletableFuture.runAsync(() -> {
            sleepQuietly(Duration.ofSeconds(4));
            refuseWrites(topics.results().name(), false);
        });
        executors.close();
        recovery.get(10, TimeUnit.SECONDS);

        // Then the two results were written (after failing at least once) and committed before they ended
        assertThat(registry.counter("jobqueue.executor.high.result-write-failures")
                        .getCount())
                .isPositive();
        assertThat(executors.stats()).isEqualTo(new ExecutorStats(0, 2, 0, 0));
        assertThat(readResults(topics, 2))
                .extracting(JobResult::getCommandId)
                .containsExactlyInAnyOrder("drain-0", "drain-1");
        assertThat(committed(config, "high"))
                .isEqualTo(endOffsets(topics.commands("high").name()));
    }

    @Test
    void shouldKeepACappedTypeWithinItsCapWhileTheOtherTypesOfItsLaneFlow() throws Exception {
        // Given an endpoint where heavyJob takes 500 ms and refreshLinks answers at once
        final AtomicInteger heavyOpen = new AtomicInteger();
        final AtomicInteger mostHeavyOpen = new AtomicInteger();
        final AtomicLong lastHeavyStart = new AtomicLong();
        final AtomicLong lastFastAnswer = new AtomicLong();
        endpoint.respondWith((exchange, body) -> {
            if (!new String(body, StandardCharsets.UTF_8).contains("\"type\":\"heavyJob\"")) {
                TestEndpoint.answer(exchange, 200, "ok");
                lastFastAnswer.set(System.nanoTime());
                return;
            }
            mostHeavyOpen.accumulateAndGet(heavyOpen.incrementAndGet(), Math::max);
            lastHeavyStart.set(System.nanoTime());
            try {
                Thread.sleep(500);
                TestEndpoint.answer(exchange, 200, "ok");
            } catch (final InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                heavyOpen.decrementAndGet();
            }
        });
        // And a normal lane of concurrency 8 where heavyJob is capped at 2, with 10 heavyJob commands ahead of 100
        // refreshLinks ones
        final JobQueueConfig config =
                config("capped", 8, Duration.ofSeconds(10), Map.of("heavyJob", cappedType(2, null, null)));
        final JobQueueTopics topics = createTopics(config);
        final List<JobCommand> commands = new ArrayList<>();
        for (int i = 0; i < 10; i++) commands.add(typed("heavyJob", "heavy-" + i));
        for (int i = 0; i < 100; i++) commands.add(typed("refreshLinks", "fast-" + i));
        produce(topics.commands("normal"), commands);

        // When the lane runs
        try (JobExecutors executors = new JobExecutors(config, Set.of("normal"), new MetricRegistry())) {
            executors.start();

            // Then every command has one result, ok
            final List<JobResult> results = readResults(topics, 110);
            assertThat(results).extracting(JobResult::getStatus).containsOnly(ResultStatus.ok);
            assertThat(results).extracting(JobResult::getCommandId).doesNotHaveDuplicates();

            // And heavyJob never had more than 2 calls open, while the 100 others finished before its last one began
            assertThat(mostHeavyOpen.get()).isEqualTo(2);
            assertThat(lastFastAnswer.get() - lastHeavyStart.get()).isNegative();

            // And the group commits to the end: nothing was left behind
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(committed(config, "normal"))
                            .isEqualTo(endOffsets(topics.commands("normal").name())));
        }
    }

    @Test
    void shouldCallATypeWithItsOwnEndpointOnlyThereWithItsOwnTimeout() throws Exception {
        // Given a video scaler whose transcodes take 1.5 s, beyond the executor's timeout of 1 s but within the
        // type's own of 5 s
        try (TestEndpoint videoScaler = TestEndpoint.start()) {
            videoScaler.respondWith((exchange, body) -> {
                try {
                    Thread.sleep(1_500);
                    TestEndpoint.answer(exchange, 200, "transcoded");
                } catch (final InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            jobTime = Duration.ZERO;
            final TypeConfig transcode = cappedType(null, videoScaler.jobUri(), Duration.ofSeconds(5));
            final JobQueueConfig config =
                    config("routed", 4, Duration.ofSeconds(1), Map.of("webVideoTranscode", transcode));
            final JobQueueTopics topics = createTopics(config);
            final List<JobCommand> commands = new ArrayList<>();
            for (int i = 0; i < 2; i++) commands.add(typed("webVideoTranscode", "video-" + i));
            for (int i = 0; i < 3; i++) commands.add(typed("refreshLinks", "links-" + i));
            produce(topics.commands("normal"), commands);

            // When the lane runs
            try (JobExecutors executors = new JobExecutors(config, Set.of("normal"), new MetricRegistry())) {
                executors.start();

                // Then the transcodes went to the video scaler only, and finished there within their own timeout
                final List<JobResult> results = readResults(topics, 5);
                assertThat(results).extracting(JobResult::getStatus).containsOnly(ResultStatus.ok);
                assertThat(videoScaler.received())
                        .extracting(TestEndpoint.Received::bodyText)
                        .hasSize(2)
                        .allSatisfy(body -> assertThat(body).contains("\"type\":\"webVideoTranscode\""));
                assertThat(endpoint.received())
                        .extracting(TestEndpoint.Received::bodyText)
                        .hasSize(3)
                        .noneSatisfy(body -> assertThat(body).contains("webVideoTranscode"));
                assertThat(results)
                        .filteredOn(result -> result.getType().equals("webVideoTranscode"))
                        .allSatisfy(result -> assertThat(result.getDurationMs()).isGreaterThanOrEqualTo(1_500));
            }
        }
    }

    private JobQueueConfig config(final String dc, final int concurrency) {
        return config(dc, concurrency, ExecutorConfig.Circuit.DEFAULT, Map.of());
    }

    private JobQueueConfig config(
            final String dc, final int concurrency, final Duration timeout, final Map<String, TypeConfig> types) {
        final JobQueueConfig config = config(dc, concurrency, ExecutorConfig.Circuit.DEFAULT, Map.of());
        final ExecutorConfig executor = new ExecutorConfig(
                endpoint.jobUri(),
                timeout,
                null,
                config.executor().concurrency(),
                Duration.ofSeconds(20),
                null,
                ExecutorConfig.Circuit.DEFAULT);
        return new JobQueueConfig(dc, null, null, config.kafka(), null, null, null, null, executor, null, types);
    }

    private static TypeConfig cappedType(final Integer concurrency, final URI endpoint, final Duration timeout) {
        return new TypeConfig("normal", null, null, null, null, concurrency, endpoint, timeout, null);
    }

    private static JobCommand typed(final String type, final String id) {
        final String event = "{\"meta\":{\"request_id\":\"r\",\"id\":\"" + id + "\"},\"database\":\"testwiki\","
                + "\"type\":\"" + type + "\",\"params\":{\"job\":\"" + id + "\"}}";
        return JobCommand.newBuilder(Commands.command(id, event)).setType(type).build();
    }

    private JobQueueConfig config(
            final String dc,
            final int concurrency,
            final ExecutorConfig.Circuit circuit,
            final Map<String, String> kafka) {
        final ExecutorConfig executor = new ExecutorConfig(
                endpoint.jobUri(),
                Duration.ofSeconds(10),
                null,
                Map.of("high", concurrency, "normal", concurrency, "low", concurrency),
                Duration.ofSeconds(20),
                null,
                circuit);
        final Map<String, String> kafkaProperties = new HashMap<>(kafka);
        kafkaProperties.put("bootstrap.servers", cluster.bootstrapServers());
        return new JobQueueConfig(dc, null, null, kafkaProperties, null, null, null, null, executor, null, null);
    }

    // The results topic is deleted (the broker creates no topic on its own), so that a result waits for its metadata
    // until the producer gives up on it; then it is created again.
    private static void refuseWrites(final String topic, final boolean refuse) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            if (refuse) admin.deleteTopics(List.of(topic)).all().get();
            else
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
                        .all()
                        .get();
            return true;
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.listTopics().names().get().contains(topic) != refuse);
    }

    private static String idIn(final byte[] body) {
        final Matcher id = ID.matcher(new String(body, StandardCharsets.UTF_8));
        return id.find() ? id.group(1) : "";
    }

    private static void sleepQuietly(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static JobQueueTopics createTopics(final JobQueueConfig config) throws Exception {
        final JobQueueTopics topics = config.topicRegistry();
        final List<NewTopic> newTopics = new ArrayList<>();
        for (final String lane : LaneNames.BUILT_IN) {
            newTopics.add(new NewTopic(topics.commands(lane).name(), PARTITIONS, (short) 1));
        }
        newTopics.add(new NewTopic(topics.results().name(), PARTITIONS, (short) 1));
        admin.createTopics(newTopics).all().get();
        return topics;
    }

    private static String event(final String outcome) {
        return event(outcome, "");
    }

    private static String event(final String outcome, final String id) {
        return "{\"meta\":{\"request_id\":\"r\",\"id\":\"e\"},\"database\":\"testwiki\",\"type\":\"refreshLinks\","
                + "\"params\":{\"outcome\":\"" + outcome + "\",\"job\":\"" + id + "\"}}";
    }

    private static int statusFor(final String event) {
        if (event.contains("\"outcome\":\"fail\"")) return 500;
        return event.contains("\"outcome\":\"refuse\"") ? 404 : 200;
    }

    private static void produce(final Topic<String, JobCommand> topic, final JobCommand command) throws Exception {
        produce(topic, List.of(command));
    }

    private static void produce(final Topic<String, JobCommand> topic, final List<JobCommand> commands)
            throws Exception {
        final Map<String, Object> properties =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, JobCommand> producer = new KafkaProducer<>(
                properties, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (final JobCommand command : commands) {
                producer.send(new ProducerRecord<>(topic.name(), command.getJobKey(), command))
                        .get();
            }
        }
    }

    private static List<JobResult> readResults(final JobQueueTopics topics, final int count) {
        final Topic<String, JobResult> results = topics.results();
        final Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<String, JobResult> consumer = new KafkaConsumer<>(
                properties,
                results.keySerde().deserializer(),
                results.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = partitionsOf(results.name());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final List<JobResult> read = new ArrayList<>();
            await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() -> {
                for (final ConsumerRecord<String, JobResult> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo(record.value().getJobKey());
                    read.add(record.value());
                }
                return read.size() >= count;
            });
            assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
            return read;
        }
    }

    private static Map<TopicPartition, Long> committed(final JobQueueConfig config, final String lane)
            throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                        ExecutorClientProperties.groupId(config, lane))
                .partitionsToOffsetAndMetadata()
                .get();
        return offsets.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static Map<TopicPartition, Long> endOffsets(final String topic) {
        final Map<String, Object> properties =
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitionsOf(topic)).entrySet().stream()
                    .filter(entry -> entry.getValue() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    private static List<TopicPartition> partitionsOf(final String topic) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++)
            partitions.add(new TopicPartition(topic, partition));
        return partitions;
    }
}
