package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.it.support.HeapWatch;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.it.support.LeafCounter;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out at scale, as operators run it: a template used on 200,000 pages, two {@code jobqueue run} instances in
 * JVMs of their own with 256 MiB heaps, and one recursive refreshLinks job, which must come out as exactly one leaf
 * command per page, released by queue partitions on both instances, without either instance running out of heap.
 */
@Tag("integration")
@Tag("slow")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FanoutIT {
    private static final int PAGES = 200_000;
    private static final int PARTITIONS = 4;
    private static final int HEAP_MB = 256;
    private static final String DC = "eqiad";
    private static final String TYPE = "refreshLinks";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /**
     * From the recursive job's produce time to the last leaf: what keeps the whole test near 3 minutes. To measure a
     * slower run to its end, pass {@code -Dfanout.expansion-timeout=PT10M} and lift the {@link Timeout} with
     * {@code -Djunit.jupiter.execution.timeout.mode=disabled}.
     */
    private static final Duration EXPANSION_TIMEOUT =
            Duration.parse(System.getProperty("fanout.expansion-timeout", "PT150S"));
    /** After the last page: time for a duplicate leaf to show. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldExpandATemplateOnTwoHundredThousandPagesIntoOneLeafPerPageOnTwoInstances(final TestInfo testInfo)
            throws Exception {
        // Given: 200,000 pages that use Template:Infobox, and two instances
        final JobQueueTopics topics = new JobQueueTopics(DC, List.of(DC));
        final String applicationId = KAFKA.uniqueApplicationId(testInfo);
        KAFKA.createTopics(
                PARTITIONS, topics.links().name(), topics.jobEvents(TYPE).name());
        final long producingLinks = System.nanoTime();
        produceBacklinks(topics.links().name());
        System.out.printf("fan-out: produced %,d backlink changes in %.1f s%n", PAGES, secondsSince(producingLinks));
        final long starting = System.nanoTime();
        try (JobQueueProcess first = startRun("run-1", applicationId);
                JobQueueProcess second = startRun("run-2", applicationId)) {
            final String admin1 = first.awaitOutput(ADMIN, START_TIMEOUT);
            final String admin2 = second.awaitOutput(ADMIN, START_TIMEOUT);
            try (HeapWatch heap1 = HeapWatch.start("run-1", config("run-1").toString());
                    HeapWatch heap2 = HeapWatch.start("run-2", config("run-2").toString())) {
                awaitHealthy(admin1, admin2);
                awaitBacklinksStored(applicationId, topics.links().name());
                awaitRunning(admin1, admin2);
                System.out.printf(
                        "fan-out: both instances running and every backlink stored %.1f s after the start%n",
                        secondsSince(starting));

                // When: the template is edited
                try (LeafCounter leaves = new LeafCounter(KAFKA.clientConfig(), topics.commands("low"), PAGES)) {
                    final long produced = System.nanoTime();
                    KAFKA.produce(topics.jobEvents(TYPE).name(), null, recursiveJob());
                    awaitEveryPage(leaves, produced, applicationId, List.of(admin1, admin2), List.of(heap1, heap2));
                    final long lastLeaf = leaves.lastNewPageNanos();
                    final long quietUntil = System.nanoTime() + QUIET.toNanos();
                    while (System.nanoTime() < quietUntil) leaves.poll();

                    // Then: one leaf per page, from every queue partition, on both instances, neither out of heap
                    final double seconds = (lastLeaf - produced) / 1e9;
                    final double firstLeaf = (leaves.firstLeafNanos() - produced) / 1e9;
                    final Map<String, Long> counters1 = counters(admin1);
                    final Map<String, Long> counters2 = counters(admin2);
                    System.out.printf(
                            "fan-out: %,d leaves for %,d pages in %.1f s: %.0f leaves/s (first leaf after %.2f s);"
                                    + " commands per partition %s%n",
                            leaves.leaves(),
                            leaves.distinctPages(),
                            seconds,
                            leaves.distinctPages() / seconds,
                            firstLeaf,
                            Arrays.toString(leaves.perPartition()));
                    System.out.printf(
                            "fan-out: run-1 expanded %,d and released %,d; run-2 expanded %,d and released %,d%n",
                            counters1.getOrDefault("jobqueue.fanout.leaves-emitted", 0L),
                            counters1.getOrDefault("jobqueue.jobs.released", 0L),
                            counters2.getOrDefault("jobqueue.fanout.leaves-emitted", 0L),
                            counters2.getOrDefault("jobqueue.jobs.released", 0L));
                    System.out.printf("fan-out: heap of %s%nfan-out: heap of %s%n", heap1.summary(), heap2.summary());

                    assertThat(leaves.distinctPages()).as("distinct pages").isEqualTo(PAGES);
                    assertThat(leaves.repeatedPages())
                            .as("pages in more than one leaf")
                            .isZero();
                    assertThat(leaves.outOfRangePages())
                            .as("pages out of 1..%d", PAGES)
                            .isZero();
                    assertThat(leaves.leaves()).as("leaves (1 page each)").isEqualTo(PAGES);
                    assertThat(leaves.withoutPages())
                            .as("commands that are not leaves")
                            .isZero();
                    assertThat(leaves.perPartition())
                            .as("commands per partition")
                            .hasSize(PARTITIONS)
                            .doesNotContain(0L);
                    assertThat(counters1.getOrDefault("jobqueue.jobs.released", 0L))
                            .as("released by run-1")
                            .isPositive();
                    assertThat(counters2.getOrDefault("jobqueue.jobs.released", 0L))
                            .as("released by run-2")
                            .isPositive();
                }
            }
            assertThat(first.isAlive()).as("run-1 alive").isTrue();
            assertThat(second.isAlive()).as("run-2 alive").isTrue();
            assertNoOutOfMemory("run-1");
            assertNoOutOfMemory("run-2");
        }
    }

    /** Reads commands until every page has a leaf, printing progress; fails with the rate so far at the deadline. */
    private static void awaitEveryPage(
            final LeafCounter leaves,
            final long produced,
            final String applicationId,
            final List<String> admins,
            final List<HeapWatch> heaps)
            throws Exception {
        final long deadline = produced + EXPANSION_TIMEOUT.toNanos();
        long nextProgress = produced + PROGRESS_EVERY.toNanos();
        while (leaves.distinctPages() < PAGES) {
            leaves.poll();
            final long now = System.nanoTime();
            if (now >= nextProgress) {
                nextProgress += PROGRESS_EVERY.toNanos();
                printProgress(leaves, produced, applicationId, admins, heaps);
            }
            if (now >= deadline) {
                printProgress(leaves, produced, applicationId, admins, heaps);
                throw new AssertionError(String.format(
                        "only %,d of %,d pages had a leaf %d s after the recursive job (%.0f leaves/s)",
                        leaves.distinctPages(),
                        PAGES,
                        EXPANSION_TIMEOUT.toSeconds(),
                        leaves.distinctPages() / secondsSince(produced)));
            }
        }
    }

    /**
     * One line: pages read; the leaves waiting in the jobs-by-key repartition topic for the queue to take them (end
     * minus committed offsets, transaction markers included); and per instance, leaves emitted, jobs released and the
     * highest old-generation occupancy so far.
     */
    private static void printProgress(
            final LeafCounter leaves,
            final long produced,
            final String applicationId,
            final List<String> admins,
            final List<HeapWatch> heaps)
            throws Exception {
        final StringBuilder line = new StringBuilder(String.format(
                "fan-out: %5.1f s: %,7d pages read; queue intake lag %,d",
                secondsSince(produced),
                leaves.distinctPages(),
                lag(applicationId, applicationId + "-jobs-by-key-repartition")));
        for (int i = 0; i < admins.size(); i++) {
            final JsonNode metrics;
            try {
                metrics = metrics(admins.get(i));
            } catch (final IOException | IllegalStateException e) {
                line.append(String.format("; run-%d metrics unavailable (%s)", i + 1, e));
                continue;
            }
            line.append(String.format(
                    "; run-%d emitted %,d released %,d old gen max %.0f MiB",
                    i + 1,
                    metrics.path("counters")
                            .path("jobqueue.fanout.leaves-emitted")
                            .path("count")
                            .asLong(),
                    metrics.path("counters")
                            .path("jobqueue.jobs.released")
                            .path("count")
                            .asLong(),
                    heaps.get(i).maxOldUsedMb()));
        }
        System.out.println(line);
    }

    private void produceBacklinks(final String topic) {
        final Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long page = 1; page <= PAGES; page++) {
                final byte[] change = LinkChangeParser.write(
                        new LinkChange("enwiki", "templatelinks", 10, "Infobox", page, 0, "Page_" + page, true));
                producer.send(
                        new ProducerRecord<>(topic, Long.toString(page).getBytes(StandardCharsets.UTF_8), change),
                        (metadata, error) -> {
                            if (error != null) failure.compareAndSet(null, error);
                        });
            }
            producer.flush();
        }
        assertThat(failure.get()).as("producing the backlinks").isNull();
    }

    /** A {@code mediawiki/job/1.0.0} refreshLinks job for an edit of Template:Infobox, as MediaWiki writes it. */
    private static byte[] recursiveJob() throws IOException {
        final Instant now = Instant.now();
        final String signature = "sha1:" + UUID.randomUUID().toString().replace("-", "");
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        final ObjectNode meta = event.putObject("meta");
        meta.put("uri", "https://en.wikipedia.org/wiki/Template:Infobox");
        meta.put("request_id", UUID.randomUUID().toString());
        meta.put("id", UUID.randomUUID().toString());
        meta.put("dt", now.toString());
        meta.put("domain", "en.wikipedia.org");
        meta.put("stream", "mediawiki.job." + TYPE);
        event.put("database", "enwiki");
        event.put("type", TYPE);
        event.put("page_namespace", 10);
        event.put("page_title", "Infobox");
        final ObjectNode params = event.putObject("params");
        params.put("recursive", true);
        params.put("table", "templatelinks");
        params.put("namespace", 10);
        params.put("title", "Infobox");
        params.put("rootJobSignature", signature);
        params.put(
                "rootJobTimestamp",
                DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(now));
        params.put("causeAction", "edit-page");
        params.put("causeAgent", "unknown");
        params.put("requestId", UUID.randomUUID().toString().replace("-", ""));
        final ObjectNode root = event.putObject("root_event");
        root.put("signature", signature);
        root.put("dt", now.toString());
        return JSON.writeValueAsBytes(event);
    }

    private JobQueueProcess startRun(final String name, final String applicationId) throws IOException {
        final String yaml = String.join(
                "\n",
                "dc: " + DC,
                "application_id: " + applicationId,
                "kafka: {bootstrap.servers: \"" + KAFKA.bootstrapServers() + "\", session.timeout.ms: \"10000\"}",
                "state_dir: " + dir.resolve("state-" + name),
                "processing_guarantee: exactly_once_v2",
                "topics: {partitions: " + PARTITIONS + ", replication_factor: 1}",
                "queue: {tick: 50ms, in_flight: {low: 100000, normal: 100000, high: 100000}, max_scan_per_tick: 5000}",
                "types:",
                "  " + TYPE + ": {priority: low, fanout: {batch: 300, pages_per_job: 1}}",
                "");
        Files.writeString(config(name), yaml);
        return JobQueueProcess.start(
                name, dir, HEAP_MB, "run", "--config", config(name).toString(), "--admin-port", "0");
    }

    private Path config(final String name) {
        return dir.resolve("jobqueue-" + name + ".yaml");
    }

    private static void awaitHealthy(final String... admins) {
        await("both instances healthy")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        Arrays.stream(admins).allMatch(admin -> health(admin).statusCode() == 200));
    }

    /** Rebalances (the second instance joining) are over: both own their tasks. */
    private static void awaitRunning(final String... admins) {
        await("both instances RUNNING")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Arrays.stream(admins)
                        .allMatch(admin -> health(admin).body().contains("\"RUNNING\"")));
    }

    /**
     * Waits until the application has committed every backlink change. Under exactly-once that commit is atomic with
     * the changes' writes to the expansions-by-target repartition topic, so a recursive job produced afterwards is
     * written behind every backlink of its target and expands only once they are all in the backlinks store.
     */
    private static void awaitBacklinksStored(final String applicationId, final String linksTopic) {
        await("every backlink change committed")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> committed(applicationId, linksTopic) >= PAGES);
    }

    private static long committed(final String applicationId, final String topic) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = KAFKA.admin()
                .listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get();
        return offsets.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                .mapToLong(entry -> entry.getValue().offset())
                .sum();
    }

    /** How far the application's committed offsets of {@code topic} are behind its end offsets. */
    private static long lag(final String applicationId, final String topic) throws Exception {
        final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        KAFKA.admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .forEach(info -> partitions.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
        final long end = KAFKA.admin().listOffsets(partitions).all().get().values().stream()
                .mapToLong(ListOffsetsResultInfo::offset)
                .sum();
        return end - committed(applicationId, topic);
    }

    private void assertNoOutOfMemory(final String name) throws IOException {
        for (final String suffix : List.of(".out", ".err")) {
            final Path file = dir.resolve(name + suffix);
            if (Files.exists(file)) {
                assertThat(Files.readString(file, StandardCharsets.UTF_8))
                        .as(file.getFileName().toString())
                        .doesNotContain("OutOfMemoryError");
            }
        }
    }

    private static HttpResponse<String> health(final String admin) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(admin + "/health"))
                            .timeout(HTTP_TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode metrics(final String admin) throws Exception {
        final HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                        .header("Accept", "application/json")
                        .timeout(HTTP_TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(admin + "/metrics answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static Map<String, Long> counters(final String admin) throws Exception {
        final Map<String, Long> counters = new HashMap<>();
        final JsonNode all = metrics(admin).path("counters");
        all.fieldNames()
                .forEachRemaining(
                        name -> counters.put(name, all.path(name).path("count").asLong()));
        return counters;
    }

    private static double secondsSince(final long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
