package org.jobqueue.topology.errors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jobqueue.serdes.InvalidHeaders;
import org.jobqueue.serdes.json.Reasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be written (too large for its topic, or not serializable) goes to the invalid topic with the
 * reason and the source record's coordinates, and processing goes on: one bad record never kills a stream thread in a
 * loop. Its source's bytes are kept up to {@link #KEPT_BYTES}. A retriable failure is retried. Under exactly-once a
 * failed write still aborts the transaction, so there the topics and producers must be sized for every record (see
 * {@code QueueConfig#maxRecordBytes}); this handler is the at-least-once backstop.
 */
public final class UnwritableRecordHandler implements ProductionExceptionHandler {
    static final int KEPT_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(UnwritableRecordHandler.class);

    private String invalidTopic;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalArgumentException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must name the invalid topic");
        }
        this.invalidTopic = topic.toString();
    }

    @Override
    public Response handleError(
            final ErrorHandlerContext context, final ProducerRecord<byte[], byte[]> record, final Exception exception) {
        if (exception instanceof RetriableException) return Response.retry();
        return resumeWithInvalid(context, record.topic(), exception);
    }

    @Override
    public Response handleSerializationError(
            final ErrorHandlerContext context,
            final ProducerRecord record,
            final Exception exception,
            final SerializationExceptionOrigin origin) {
        return resumeWithInvalid(context, record.topic(), exception);
    }

    private Response resumeWithInvalid(
            final ErrorHandlerContext context, final String topic, final Exception exception) {
        final String reason = "cannot write to " + topic + ": " + exception;
        log.warn(
                "A record from {}-{} at offset {} cannot be written; it goes to {}: {}",
                context.topic(),
                context.partition(),
                context.offset(),
                invalidTopic,
                reason);
        return Response.resume(List.of(invalidRecord(context, reason)));
    }

    private ProducerRecord<byte[], byte[]> invalidRecord(final ErrorHandlerContext context, final String reason) {
        final Headers headers = new RecordHeaders();
        headers.add(InvalidHeaders.REASON, Reasons.oneLine(reason).getBytes(StandardCharsets.UTF_8));
        if (context.topic() != null) {
            InvalidHeaders.addSource(headers, context.topic(), context.partition(), context.offset());
        }
        final byte[] key = InvalidHeaders.cut(context.sourceRawKey(), KEPT_BYTES, "key", headers);
        final byte[] value = InvalidHeaders.cut(context.sourceRawValue(), KEPT_BYTES, "value", headers);
        return new ProducerRecord<>(invalidTopic, null, key, value, headers);
    }
}
