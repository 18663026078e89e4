package org.jobqueue.topology.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.jobqueue.serdes.InvalidHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnwritableRecordHandlerTest {
    private static final String INVALID = "eqiad.jobqueue.invalid";
    private static final String SOURCE = "jobqueue-jobs-by-key-repartition";

    private final UnwritableRecordHandler handler = new UnwritableRecordHandler();

    @BeforeEach
    void configure() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, INVALID));
    }

    @Test
    void shouldSendARecordTooLargeToTheInvalidTopicAndGoOn() {
        // Given a command too large for its topic, made from a 100 KB source record
        final byte[] source = new byte[100_000];
        final ProducerRecord<byte[], byte[]> command =
                new ProducerRecord<>("eqiad.jobqueue.commands.low", new byte[10], new byte[2_000_000]);

        // When
        final Response response = handler.handleError(
                context(source), command, new RecordTooLargeException("The message is 2000200 bytes"));

        // Then processing goes on, and the source's first 64 KiB go to the invalid topic with the reason and origin
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(invalid -> {
            assertThat(invalid.topic()).isEqualTo(INVALID);
            assertThat(invalid.value()).hasSize(UnwritableRecordHandler.KEPT_BYTES);
            assertThat(header(invalid.headers(), InvalidHeaders.REASON))
                    .startsWith("cannot write to eqiad.jobqueue.commands.low: ")
                    .contains("RecordTooLargeException");
            assertThat(header(invalid.headers(), InvalidHeaders.SOURCE_TOPIC)).isEqualTo(SOURCE);
            assertThat(header(invalid.headers(), InvalidHeaders.SOURCE_OFFSET)).isEqualTo("42");
            assertThat(header(invalid.headers(), InvalidHeaders.TRUNCATED))
                    .isEqualTo("value of 100000 bytes, first 65536 kept");
        });
    }

    @Test
    void shouldRetryARetriableFailure() {
        // When
        final Response response = handler.handleError(
                context(new byte[1]),
                new ProducerRecord<>("eqiad.jobqueue.results", new byte[1], new byte[1]),
                new TimeoutException("no leader"));

        // Then
        assertThat(response.result()).isEqualTo(Result.RETRY);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static String header(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ErrorHandlerContext context(final byte[] sourceValue) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return SOURCE;
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "queue";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(1, 3);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return "enwiki|id|e1".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return sourceValue;
            }
        };
    }
}
