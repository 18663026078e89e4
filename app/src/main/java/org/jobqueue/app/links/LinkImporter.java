package org.jobqueue.app.links;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.LinkChangeParser;

/**
 * Sends backlink changes to the links topic as JSON ({@link LinkChangeParser#write}), keyed by their target
 * ({@code database|table|namespace|title}), so that one target's changes stay in one partition, in order. Counts what it
 * sent and what the brokers acknowledged; the first failed send stops further sends. Sends block while the producer's
 * buffer is full, so memory stays bounded however many changes pass through.
 */
public final class LinkImporter implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public LinkImporter(final Producer<byte[], byte[]> producer, final String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** The key of a change: its target, {@code database|table|namespace|title} in UTF-8. */
    public static byte[] key(final LinkChange change) {
        return (change.getDatabase() + "|" + change.getTable() + "|" + change.getTargetNamespace() + "|"
                        + change.getTargetTitle())
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code change}; returns at once unless the producer's buffer is full.
     *
     * @throws LinkImportException if an earlier send has failed
     */
    public void send(final LinkChange change) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, key(change), LinkChangeParser.write(change)), this::acknowledge);
        sent.incrementAndGet();
    }

    /**
     * Waits until every change sent so far is acknowledged or has failed.
     *
     * @throws LinkImportException if any send failed
     */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /** The first send that failed, or {@code null}. */
    public Exception failure() {
        return failure.get();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    private void acknowledge(final RecordMetadata metadata, final Exception error) {
        if (error != null) {
            failure.compareAndSet(null, error);
        } else {
            acknowledged.incrementAndGet();
        }
    }

    private void throwIfFailed() {
        final Exception failed = failure.get();
        if (failed != null) {
            throw new LinkImportException(
                    "sending to " + topic + " failed after " + acknowledged.get() + " acknowledged changes: " + failed,
                    failed);
        }
    }
}
