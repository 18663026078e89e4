package org.jobqueue.topology.intake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jobqueue.serdes.InvalidHeaders;

/** An input record bound for the invalid topic: its bytes unchanged, the reason and its source in headers. */
final class Rejection {
    private Rejection() {}

    static Record<String, IntakeOutput> of(
            final Record<byte[], byte[]> record, final String reason, final Optional<RecordMetadata> source) {
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(InvalidHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        source.ifPresent(metadata -> {
            headers.add(InvalidHeaders.SOURCE_TOPIC, metadata.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(InvalidHeaders.SOURCE_PARTITION, bytes(metadata.partition()));
            headers.add(InvalidHeaders.SOURCE_OFFSET, bytes(metadata.offset()));
        });
        return record.withKey((String) null)
                .withValue((IntakeOutput) new IntakeOutput.Invalid(record.key(), record.value()))
                .withHeaders(headers);
    }

    private static byte[] bytes(final long number) {
        return Long.toString(number).getBytes(StandardCharsets.UTF_8);
    }
}
