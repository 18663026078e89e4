package org.jobqueue.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobqueue.app.links.LinkImporter;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.events.JobEventFactory;
import org.jobqueue.tools.events.JobTypes;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * d. Fan-out: {@code backlinks} backlinks of {@code Template:Infobox} loaded through the links topic, then one recursive
 * {@code refreshLinks} job (one page per leaf) expanded. Leaves/s from the worker's {@code leaves-emitted} counter
 * (sampled every 200 ms) between the first leaf and the expansion's end; the worker JVM's peak heap (sampled, so with
 * garbage) and its heap after a full collection at the end.
 */
final class Fanout {
    private static final String UNPACED = "1h";

    static final String SCENARIO = "d";
    static final double LEAVES_TARGET = 50_000;
    static final int BATCH = 10_000;
    private static final ProcessingGuarantee GUARANTEE = ProcessingGuarantee.EXACTLY_ONCE_V2;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String TEMPLATE = "Infobox";
    private static final int TEMPLATE_NAMESPACE = 10;

    private Fanout() {}

    static void run(final BenchRun run) {
        final String dc = BenchRun.dc(SCENARIO, GUARANTEE);
        final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        run.createTopics(topics, true, topics.links().name());
        final Path config = writeConfig(run, dc);
        final int backlinks = run.settings.backlinks();
        try (NoopExecutor executor = new NoopExecutor(run.environment.bootstrapServers(), topics).start();
                WorkerProcess worker = run.jobQueueWorker(dc, config)) {
            worker.awaitRunning();
            final long loadStart = System.currentTimeMillis();
            loadBacklinks(run, topics, backlinks);
            awaitBacklinksStored(run, dc, topics);
            final double loadSeconds = (System.currentTimeMillis() - loadStart) / 1000.0;
            worker.resetPeaks();
            final int from = worker.lines().size();
            final ProfileFigures.Sample profile = run.profileStart(worker);
            sendTemplateEdit(run, topics);
            final JsonNode first =
                    worker.await("first leaf", TIMEOUT, from, line -> metric(line, "leaves-emitted") > 0);
            final JsonNode last =
                    worker.await("expansion finished", TIMEOUT, from, line -> metric(line, "expansions-finished") >= 1);
            final long leaves = metric(last, "leaves-emitted");
            run.profileEnd("d fan-out", GUARANTEE, worker, profile, leaves);
            final double seconds =
                    Math.max(1, last.path("t").asLong() - first.path("t").asLong() + BenchWorker.SAMPLE_MILLIS)
                            / 1000.0;
            final long peakHeap = worker.peakHeap();
            final long peakRss = worker.peakRss();
            final long afterGc = worker.heapAfterGc();
            final Map<String, Object> conditions = run.conditions(
                    GUARANTEE,
                    "backlinks",
                    backlinks,
                    "leaves",
                    leaves,
                    "pages_per_job",
                    1,
                    "fanout_batch",
                    BATCH,
                    "max_scan_per_tick",
                    BATCH,
                    "tick",
                    "100ms",
                    "max_leaf_wait",
                    UNPACED + " (the expansion's own speed: paced by the default 1s, it follows what the queue"
                            + " reads, a few thousand leaves/s)",
                    "backlinks_load_seconds",
                    loadSeconds,
                    "leaf_commands_by_end",
                    executor.commands(),
                    "heap_after_gc_mib",
                    BenchRun.mib(afterGc),
                    "peak_rss_mib",
                    BenchRun.mib(peakRss));
            final double rate = Math.round(leaves / seconds);
            final double heapMiB = BenchRun.mib(peakHeap);
            run.figure(
                    "d fan-out",
                    GUARANTEE,
                    "leaves/s",
                    rate,
                    "leaves/s",
                    ">= 50,000",
                    rate >= LEAVES_TARGET,
                    conditions);
            run.figure(
                    "d fan-out",
                    GUARANTEE,
                    "peak heap (sampled, with garbage)",
                    heapMiB,
                    "MiB",
                    "<= 512",
                    heapMiB <= 512,
                    conditions);
        }
    }

    static void awaitBacklinksStored(final BenchRun run, final String dc, final JobQueueTopics topics) {
        run.environment.awaitConsumed(
                BenchRun.applicationId(dc),
                List.of(topics.links().name(), BenchRun.applicationId(dc) + "-expansions-by-target-repartition"),
                TIMEOUT);
    }

    /**
     * The configuration of a fan-out of {@code BATCH} leaves a tick, one page per leaf, unpaced: it measures the
     * expansion's own speed (by default it waits for the queue to read its leaves: {@code queue.max_leaf_wait}).
     */
    private static Path writeConfig(final BenchRun run, final String dc) {
        return run.writeConfig(
                dc,
                GUARANTEE,
                "max_scan_per_tick: " + BATCH + ", max_leaf_wait: " + UNPACED,
                "fanout: {batch: " + BATCH + ", pages_per_job: 1}");
    }

    private static long metric(final JsonNode line, final String fanout) {
        return line.path("metrics").path("jobqueue.fanout." + fanout).asLong();
    }

    static void loadBacklinks(final BenchRun run, final JobQueueTopics topics, final int backlinks) {
        try (LinkImporter importer =
                new LinkImporter(run.environment.producer(), topics.links().name())) {
            for (int page = 1; page <= backlinks; page++) {
                importer.send(new LinkChange(
                        "enwiki",
                        "templatelinks",
                        TEMPLATE_NAMESPACE,
                        TEMPLATE,
                        (long) page,
                        0,
                        JobEventFactory.pageTitle(page),
                        true));
            }
            importer.flush();
        }
    }

    static void sendTemplateEdit(final BenchRun run, final JobQueueTopics topics) {
        final JobEventFactory factory = new JobEventFactory(new Random(11), Instant.now());
        final ObjectNode job = factory.recursive(
                JobTypes.REFRESH_LINKS,
                JobEventFactory.WIKIS.get(0),
                Duration.ZERO,
                "templatelinks",
                TEMPLATE_NAMESPACE,
                TEMPLATE,
                Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = run.environment.producer()) {
            producer.send(new ProducerRecord<>(
                    topics.jobEvents(JobTypes.REFRESH_LINKS).name(),
                    "template-edit".getBytes(StandardCharsets.UTF_8),
                    JobEventFactory.bytes(job)));
        }
    }
}
