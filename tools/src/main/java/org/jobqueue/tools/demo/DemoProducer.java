package org.jobqueue.tools.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays a {@link DemoPlan} into Kafka on a thread of its own, each record at its planned time after the start, as
 * MediaWiki's EventBus would (no key). Counts the records the broker acknowledged.
 */
final class DemoProducer implements AutoCloseable {
    private final DemoPlan plan;
    private final Instant start;
    private final Clock clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread sender;
    private volatile boolean stopping;

    DemoProducer(final String bootstrapServers, final DemoPlan plan, final Instant start, final Clock clock) {
        this.plan = plan;
        this.start = start;
        this.clock = clock;
        this.producer =
                new KafkaProducer<>(config(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer());
        this.sender = new Thread(this::sendAll, "jobqueue-demo-producer");
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    /** The records the broker has acknowledged so far. */
    int produced() {
        return acknowledged.get();
    }

    /** Whether every planned record was acknowledged. */
    boolean isDone() {
        return acknowledged.get() == plan.size();
    }

    /** What stopped the producer, if anything did. */
    Exception failure() {
        return failure.get();
    }

    @Override
    public void close() {
        stopping = true;
        sender.interrupt();
        joinSender();
        producer.close(Duration.ofSeconds(5));
    }

    private void sendAll() {
        try {
            for (final PlannedEvent event : plan.events()) {
                if (stopping) return;
                waitUntil(start.plus(event.sendAfter()));
                producer.send(new ProducerRecord<>(event.topic(), event.json()), this::acknowledge);
            }
            producer.flush();
        } catch (final InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void acknowledge(final RecordMetadata metadata, final Exception error) {
        if (error != null) {
            failure.compareAndSet(null, error);
        } else {
            acknowledged.incrementAndGet();
        }
    }

    private void waitUntil(final Instant due) throws InterruptedException {
        final long wait = Duration.between(clock.instant(), due).toMillis();
        if (wait > 0) Thread.sleep(wait);
    }

    private void joinSender() {
        try {
            sender.join(Duration.ofSeconds(10).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> config(final String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "jobqueue-demo-producer",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5);
    }
}
