package org.jobqueue.tools.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobqueue.serdes.JobQueueTopics;

/** Sends job events, either as fast as it can or at a fixed rate, and reports each one's append time. */
final class PacedProducer implements AutoCloseable {
    private static final long STEP_MILLIS = 10;

    private final KafkaProducer<byte[], byte[]> producer;
    private final JobQueueTopics topics;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    PacedProducer(final BenchEnvironment environment, final JobQueueTopics topics) {
        this.producer = environment.producer();
        this.topics = topics;
    }

    /** Sends {@code event}; {@code appended} gets it with its append time once the broker has it. */
    void send(final JobStream.Event event, final ObjLongConsumer<JobStream.Event> appended) {
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topics.jobEvents(event.type()).name(), event.id().getBytes(StandardCharsets.UTF_8), event.bytes());
        sent.incrementAndGet();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            } else if (appended != null) {
                appended.accept(event, metadata.timestamp());
            }
        });
    }

    /** Sends {@code count} events of {@code stream} as fast as the producer takes them, then flushes. */
    void sendAll(final JobStream stream, final int count, final Duration delay) {
        final Instant now = Instant.now();
        for (int i = 0; i < count; i++) send(stream.next(now, delay), null);
        flush();
    }

    /**
     * Offers {@code rate} events a second for {@code duration}, in steps of 10 ms; returns the rate achieved.
     *
     * @param source the next event, given the time it is sent
     */
    double sendAtRate(
            final int rate,
            final Duration duration,
            final java.util.function.Function<Instant, JobStream.Event> source,
            final ObjLongConsumer<JobStream.Event> appended) {
        final long start = System.currentTimeMillis();
        final long end = start + duration.toMillis();
        long sent = 0;
        for (long now = start; now < end; now = System.currentTimeMillis()) {
            final long due = (now - start + STEP_MILLIS) * rate / 1000;
            for (; sent < due; sent++) send(source.apply(Instant.ofEpochMilli(now)), appended);
            Pause.of(Duration.ofMillis(Math.max(1, start + (sent * 1000 / rate) - System.currentTimeMillis())));
        }
        flush();
        return sent * 1000.0 / Math.max(1, System.currentTimeMillis() - start);
    }

    /** How many events were handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    void flush() {
        producer.flush();
        if (failures.get() > 0) throw new IllegalStateException(failures.get() + " bench events were not sent");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
