package org.jobqueue.tools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.ProcessingGuarantee;

/**
 * a. The ceiling: a plain Kafka Streams application (same properties, partitions and guarantee as jobqueue's, one
 * stream thread, in a worker JVM of the same size) copies the same events from the job topics to one topic. Events/s
 * from the first copy's append time to the last's.
 */
final class PassThroughBaseline {
    static final String SCENARIO = "a";
    static final long SEED = 5;
    static final Duration FAR_DELAY = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private PassThroughBaseline() {}

    /**
     * Produces the events that a, b and f drain, the same in each (same seed): 10% duplicates, 5% delayed far enough
     * ahead that they stay waiting.
     */
    static void produceStream(final BenchRun run, final JobQueueTopics topics, final int events) {
        try (PacedProducer producer = new PacedProducer(run.environment, topics)) {
            producer.sendAll(new JobStream(SEED, Instant.now(), 0.10, 0.05), events, FAR_DELAY);
        }
    }

    /** Runs the baseline under {@code guarantee}; returns its events/s. */
    static double run(final BenchRun run, final ProcessingGuarantee guarantee) {
        final String dc = BenchRun.dc(SCENARIO, guarantee);
        final JobQueueTopics topics = new JobQueueTopics(dc, List.of(dc));
        final String out = dc + ".bench.pass-through";
        run.createTopics(topics, false, out);
        final int events = run.settings.throughputEvents();
        produceStream(run, topics, events);
        final Path config = run.writeConfig(dc, guarantee, "", "");
        final long[] appends;
        try (WorkerProcess worker = run.passThroughWorker(dc, config, out)) {
            final ProfileFigures.Sample profile = run.profileStart(worker);
            appends = firstAndLastAppend(run.environment.bootstrapServers(), out, events);
            run.profileEnd("a pass-through baseline", guarantee, worker, profile, events);
        }
        final double rate = (events - 1) * 1000.0 / Math.max(1, appends[1] - appends[0]);
        run.figure(
                "a pass-through baseline",
                guarantee,
                "events/s",
                Math.round(rate),
                "events/s",
                null,
                null,
                run.conditions(guarantee, "events", events, "duplicates", "10%", "delayed", "5%"));
        return rate;
    }

    /** Reads {@code topic} until it holds {@code count} records; returns the first and the last append time. */
    static long[] firstAndLastAppend(final String bootstrapServers, final String topic, final int count) {
        final Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long first = Long.MAX_VALUE, last = 0, seen = 0;
            while (seen < count) {
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("only " + seen + " of " + count + " records reached " + topic);
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    first = Math.min(first, record.timestamp());
                    last = Math.max(last, record.timestamp());
                    seen++;
                }
            }
            return new long[] {first, last};
        }
    }
}
