package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.it.support.Awaits;
import org.jobqueue.it.support.Garbage;
import org.jobqueue.it.support.Garbage.Bad;
import org.jobqueue.it.support.JobEvents;
import org.jobqueue.it.support.JobEvents.JobEvent;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.serdes.InvalidHeaders;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input among good, as operators run it ({@code jobqueue run}, {@code execute} and the stub in JVMs of their own):
 * 5,000 malformed or schema-invalid events interleaved with 5,000 valid ones, all produced before the application's
 * first start. Every bad one must land in the invalid topic with its reason, every valid one must run, and the instance
 * must neither die nor replace a stream thread. A valid event of 2 MiB, over Kafka's 1 MiB defaults, runs once and
 * holds up nothing behind it; a record stamped a year ahead does not make the dedup windows forget.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GarbageIT {
    private static final int BAD = 5_000;
    private static final int GOOD = 5_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final String STREAMS_ERROR_MESSAGE = "__streams.errors.message";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldSendEveryBadEventToTheInvalidTopicAndRunEveryGoodOneWithoutARestart(final TestInfo testInfo)
            throws Exception {
        // Given: bad and good events in turn, on every job topic, before the application ever started
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("eqiad", KAFKA.uniqueApplicationId(testInfo))
                        .withQueue("{tick: 50ms, max_event_bytes: " + Garbage.MAX_EVENT_BYTES + "}"));
        final Map<String, Bad> bad = new HashMap<>();
        final Map<String, JobEvent> good = new HashMap<>();
        final Map<String, List<KeyValue<byte[], byte[]>>> byType = new HashMap<>();
        for (int i = 0; i < BAD + GOOD; i++) {
            final String type = Workload.TYPES.get(i / 2 % Workload.TYPES.size());
            final String key = (i % 2 == 0 ? "good-" : "bad-") + i / 2;
            final byte[] value;
            if (i % 2 == 0) {
                final JobEvent event = JobEvents.job(type);
                good.put(event.eventId(), event);
                value = event.json();
            } else {
                final Bad garbage = Garbage.nth(i / 2);
                bad.put(key, garbage);
                value = garbage.value();
            }
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(KeyValue.pair(bytes(key), value));
        }
        byType.forEach((type, records) -> KAFKA.produce(deployment.topics().jobEvents(type), records));

        // When: the application starts for the first time
        final long started = System.nanoTime();
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            final String admin = run.awaitOutput(ADMIN, TIMEOUT);

            // Then: every bad one is in the invalid topic, once, unchanged, with a reason; every good one ran
            final List<ConsumerRecord<byte[], byte[]>> invalid =
                    KAFKA.consumeUntil(deployment.topics().invalid(), records -> records.size() >= BAD, TIMEOUT);
            Awaits.everyEventExecuted(deployment, good.keySet());
            final double seconds = (System.nanoTime() - started) / 1e9;
            final Map<String, Long> executions = deployment.executionsById();
            final long duplicated =
                    executions.values().stream().mapToLong(count -> count - 1).sum();
            final Map<String, List<String>> reasonsByKind = invalid.stream()
                    .collect(Collectors.groupingBy(
                            record -> bad.get(key(record)).kind(),
                            Collectors.mapping(GarbageIT::reason, Collectors.toList())));
            System.out.printf(
                    "garbage: %,d bad events in the invalid topic and %,d good ones executed in %.1f s; lost 0,"
                            + " duplicated %d, thread replacements %d%n",
                    invalid.size(), executions.size(), seconds, duplicated, threadReplacements());
            reasonsByKind.forEach((kind, reasons) ->
                    System.out.printf("garbage:   %-30s %4d, e.g. %.150s%n", kind, reasons.size(), reasons.get(0)));

            assertThat(invalid).hasSize(BAD);
            assertThat(invalid).allSatisfy(record -> {
                final String key = key(record);
                assertThat(bad).as("a bad key").containsKey(key);
                assertThat(record.value()).as(key).isEqualTo(bad.get(key).value());
                assertThat(reason(record))
                        .as("reason of %s (%s)", key, bad.get(key).kind())
                        .isNotBlank();
            });
            assertThat(invalid.stream().map(GarbageIT::key)).doesNotHaveDuplicates();
            assertThat(executions.keySet()).containsExactlyInAnyOrderElementsOf(good.keySet());
            assertThat(duplicated).isZero();
            assertThat(Deployment.counter(admin, "jobqueue.jobs.invalid")).isEqualTo(BAD);
            assertThat(run.isAlive()).as("the instance is alive").isTrue();
            assertThat(threadReplacements()).as("stream threads replaced").isZero();
        }
    }

    @Test
    void shouldRunABigEventOnceAndTheJobsBehindItInItsPartition(final TestInfo testInfo) throws Exception {
        // Given: one partition, whose job topic takes what MediaWiki may send (5 MiB), a valid 2 MiB event, then
        // ordinary jobs behind it
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("big", KAFKA.uniqueApplicationId(testInfo))
                        .withPartitions(1));
        final String topic = deployment.topics().jobEvents("refreshLinks").name();
        allowRecordsOf(topic, 5 * 1024 * 1024);
        final JobEvent big = bigJob(2 * 1024 * 1024);
        final List<JobEvent> behind = new ArrayList<>();
        for (int i = 0; i < 20; i++) behind.add(JobEvents.job("refreshLinks"));
        produceLarge(topic, big, behind);

        // When: the application runs
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            run.awaitOutput(ADMIN, TIMEOUT);

            // Then: the big one ran once, and so did every job behind it, without a thread replaced
            final List<String> all = new ArrayList<>(List.of(big.eventId()));
            behind.forEach(job -> all.add(job.eventId()));
            Awaits.everyEventExecuted(deployment, all);
            final Map<String, Long> executions = deployment.executionsById();
            System.out.printf(
                    "garbage: a %,d-byte event and %d jobs behind it executed: %s; thread replacements %d%n",
                    big.json().length, behind.size(), executions.keySet().containsAll(all), threadReplacements());
            assertThat(executions).containsEntry(big.eventId(), 1L);
            assertThat(executions.keySet()).containsAll(all);
            assertThat(threadReplacements()).as("stream threads replaced").isZero();
        }
    }

    @Test
    void shouldNotLetARecordStampedAYearAheadMakeAReplayRunAgain(final TestInfo testInfo) throws Exception {
        // Given: a broker that takes timestamps from any clock, and a job that ran
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("ahead", KAFKA.uniqueApplicationId(testInfo))
                        .withPartitions(1));
        final String topic = deployment.topics().jobEvents("refreshLinks").name();
        setTopicConfig(topic, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        final JobEvent first = JobEvents.job("refreshLinks");
        final JobEvent ahead = JobEvents.job("refreshLinks");
        final long now = System.currentTimeMillis();
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun();
                JobQueueProcess execute = deployment.startExecutors("execute")) {
            run.awaitOutput(ADMIN, TIMEOUT);
            produceAt(topic, first, now);
            Awaits.everyEventExecuted(deployment, List.of(first.eventId()));

            // When: a record stamped a year ahead comes, then a replay of the first job with its own timestamp
            produceAt(topic, ahead, now + Duration.ofDays(365).toMillis());
            Awaits.everyEventExecuted(deployment, List.of(ahead.eventId()));
            produceAt(topic, first, now);

            // Then: the replay is recognised; the first job ran once
            await("the replay not run")
                    .during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> deployment.executionsById().get(first.eventId()) == 1L);
            System.out.printf(
                    "garbage: after a record a year ahead, the replay ran %d more times%n",
                    deployment.executionsById().get(first.eventId()) - 1);
        }
    }

    private static void produceAt(final String topic, final JobEvent job, final long timestamp) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp, null, job.json()))
                    .get();
        }
    }

    private static void allowRecordsOf(final String topic, final int bytes) throws Exception {
        setTopicConfig(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes));
    }

    private static void setTopicConfig(final String topic, final String name, final String value) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final AlterConfigOp set = new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
        KAFKA.admin()
                .incrementalAlterConfigs(Map.of(resource, List.of(set)))
                .all()
                .get();
    }

    /** A valid refreshLinks job of about {@code bytes}: a long parameter, as a big template's job may carry. */
    private static JobEvent bigJob(final int bytes) throws Exception {
        final JobEvent job = JobEvents.job("refreshLinks");
        final ObjectNode event = (ObjectNode) JSON.readTree(job.json());
        ((ObjectNode) event.get("params")).put("context", "x".repeat(bytes));
        return new JobEvent(job.type(), job.database(), job.eventId(), job.sha1(), null, JSON.writeValueAsBytes(event));
    }

    private static void produceLarge(final String topic, final JobEvent big, final List<JobEvent> behind)
            throws Exception {
        final Map<String, Object> config = new HashMap<>(KAFKA.producerConfig());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 5 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, big.json())).get();
            for (final JobEvent job : behind) producer.send(new ProducerRecord<>(topic, job.json()));
            producer.flush();
        }
    }

    private long threadReplacements() throws Exception {
        long replacements = 0;
        for (final String log : List.of("run-eqiad.out", "run-eqiad.err")) {
            final Path file = dir.resolve(log);
            if (Files.exists(file)) {
                replacements += Files.readAllLines(file).stream()
                        .filter(line -> line.contains("A stream thread failed"))
                        .count();
            }
        }
        return replacements;
    }

    /** The reason intake gave, or the message Kafka Streams' handler recorded for an exception. */
    private static String reason(final ConsumerRecord<byte[], byte[]> record) {
        final Header reason = record.headers().lastHeader(InvalidHeaders.REASON);
        final Header fallback = record.headers().lastHeader(STREAMS_ERROR_MESSAGE);
        final Header header = reason != null ? reason : fallback;
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String key(final ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
