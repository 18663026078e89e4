package org.jobqueue.topology.intake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jobqueue.serdes.InvalidHeaders;
import org.jobqueue.topology.logging.ThrottledWarnings;
import org.slf4j.LoggerFactory;

/**
 * An input record bound for the invalid topic: its bytes unchanged, the reason and its source in headers. An input
 * larger than the invalid topic takes (a job topic may take more than jobqueue accepts) keeps its first bytes, and says
 * so in a header: writing it whole would fail, and under exactly-once a failed write aborts the transaction, so the
 * same record would fail again and again.
 */
final class Rejection {
    /** A key longer than this is cut too: MediaWiki's keys are short, and the limit leaves room for them. */
    static final int MAX_KEY_BYTES = 64 * 1024;

    private static final ThrottledWarnings INVALID_EVENTS =
            ThrottledWarnings.perMinute(LoggerFactory.getLogger(Rejection.class), "invalid-event", 20);

    private Rejection() {}

    /**
     * {@code maxValueBytes}: the largest value kept whole, within what the invalid topic takes ({@code
     * QueueConfig#maxInvalidValueBytes}).
     */
    static Record<String, IntakeOutput> of(
            final Record<byte[], byte[]> record,
            final String reason,
            final Optional<RecordMetadata> source,
            final int maxValueBytes) {
        INVALID_EVENTS.warn("invalid event at {} ({} bytes): {}", where(source), length(record.value()), reason);
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(InvalidHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        final byte[] key = InvalidHeaders.cut(record.key(), MAX_KEY_BYTES, "key", headers);
        final byte[] value = InvalidHeaders.cut(record.value(), maxValueBytes, "value", headers);
        source.ifPresent(metadata ->
                InvalidHeaders.addSource(headers, metadata.topic(), metadata.partition(), metadata.offset()));
        return record.withKey((String) null)
                .withValue((IntakeOutput) new IntakeOutput.Invalid(key, value))
                .withHeaders(headers);
    }

    // The event's id is not known (it may not parse); its place in its topic finds it, and its copy in the invalid
    // topic.
    private static String where(final Optional<RecordMetadata> source) {
        return source.map(metadata -> metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset())
                .orElse("an unknown offset");
    }

    private static int length(final byte[] value) {
        return value == null ? 0 : value.length;
    }
}
