package org.jobqueue.tools.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.events.JobEventFactory;
import org.jobqueue.tools.processes.KafkaCluster;
import org.jobqueue.tools.processes.Ledger;
import org.jobqueue.tools.processes.MixedJobs;
import org.jobqueue.tools.processes.Workload.Job;

/**
 * The soak's steady load, offered at a rate from a thread of its own: the {@link MixedJobs} stream, and in place of one
 * job in {@value #RECURSIVE_EVERY} a recursive {@code refreshLinks} or {@code htmlCacheUpdate} job (in turn) of one of
 * the {@link Backlinks} templates, as a template edit queues. Every job the broker acknowledges goes into the ledger;
 * the producer waits out a broker bounce rather than give a job up.
 */
final class SoakLoad implements AutoCloseable {
    static final int RECURSIVE_EVERY = 100;
    static final List<String> RECURSIVE_TYPES = List.of("refreshLinks", "htmlCacheUpdate");
    private static final Duration STEP = Duration.ofMillis(10);
    /** Longer than any bounce: a job is sent, however long the broker is away. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    private static final long SEED = 13;

    private final KafkaProducer<byte[], byte[]> producer;
    private final JobQueueTopics topics;
    private final Ledger ledger;
    private final int rate;
    private final MixedJobs mixed = new MixedJobs(SEED, 1_000);
    private final Random random = new Random(SEED);
    private final JobEventFactory recursiveJobs = new JobEventFactory(random, Instant.EPOCH);
    private final Thread thread = new Thread(this::offer, "soak-load");
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<Kind, AtomicLong> kinds = new EnumMap<>(Kind.class);
    private volatile boolean stopping;

    SoakLoad(final KafkaCluster kafka, final JobQueueTopics topics, final Ledger ledger, final int rate) {
        this.producer = new KafkaProducer<>(config(kafka), new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.ledger = ledger;
        this.rate = rate;
        for (final Kind kind : Kind.values()) kinds.put(kind, new AtomicLong());
    }

    /** What the acknowledged jobs are, besides plain jobs. */
    enum Kind {
        RECURSIVE,
        DELAYED,
        SHA1_DUPLICATE,
        FAILS_ONCE,
        FAILS_ALWAYS
    }

    void start() {
        thread.start();
    }

    /** Stops offering jobs, and waits until the broker has acknowledged (or refused) every one sent. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join();
        producer.flush();
    }

    long offered() {
        return offered.get();
    }

    /** Jobs the producer gave up on: not in the ledger. */
    long failed() {
        return failed.get();
    }

    /** The acknowledged jobs of {@code kind}. */
    long count(final Kind kind) {
        return kinds.get(kind).get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private void offer() {
        final long start = System.nanoTime();
        while (!stopping) {
            final long due = (System.nanoTime() - start) / 1_000_000L * rate / 1000;
            while (offered.get() < due && !stopping) {
                final long i = offered.getAndIncrement();
                if (i % RECURSIVE_EVERY == RECURSIVE_EVERY / 2) {
                    sendRecursive(RECURSIVE_TYPES.get((int) (i / RECURSIVE_EVERY % RECURSIVE_TYPES.size())));
                } else {
                    send(mixed.next());
                }
            }
            pause();
        }
    }

    private void send(final Job job) {
        producer.send(new ProducerRecord<>(topics.jobEvents(job.type()).name(), job.json()), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                return;
            }
            ledger.planned(job);
            if (job.delayUntil() != null) counted(Kind.DELAYED);
            if (job.duplicate()) counted(Kind.SHA1_DUPLICATE);
            if (job.hopeless()) counted(Kind.FAILS_ALWAYS);
            else if (job.stubFail() != null) counted(Kind.FAILS_ONCE);
        });
    }

    private void sendRecursive(final String type) {
        final int template = random.nextInt(Backlinks.TEMPLATES);
        final Instant now = Instant.now();
        final ObjectNode event = recursiveJobs.recursive(
                type,
                JobEventFactory.WIKIS.get(0),
                Duration.between(Instant.EPOCH, now),
                Backlinks.TABLE,
                Backlinks.TEMPLATE_NAMESPACE,
                Backlinks.title(template),
                now);
        final ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topics.jobEvents(type).name(), JobEventFactory.bytes(event));
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
            } else {
                ledger.plannedRefresh(type, event.path("meta").path("id").asText(), Backlinks.pages(template), now);
                counted(Kind.RECURSIVE);
            }
        });
    }

    private void counted(final Kind kind) {
        kinds.get(kind).incrementAndGet();
    }

    private static void pause() {
        try {
            Thread.sleep(STEP.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> config(final KafkaCluster kafka) {
        final Map<String, Object> config = new HashMap<>(kafka.producerConfig());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "jobqueue-soak-load");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT.toMillis());
        return config;
    }
}
