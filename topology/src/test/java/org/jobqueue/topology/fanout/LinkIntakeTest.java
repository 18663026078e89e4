package org.jobqueue.topology.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.fanout.Fanout.drain;
import static org.jobqueue.topology.fanout.Fanout.leaves;
import static org.jobqueue.topology.fanout.Fanout.pageIds;
import static org.jobqueue.topology.fanout.FanoutExpansionTest.recursive;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.serdes.InvalidHeaders;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.fanout.Fanout.Links;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

/** Intake of backlink changes from the links topic (DESIGN §4.6). */
class LinkIntakeTest {
    @Test
    void shouldSendAMalformedBacklinkChangeToTheInvalidTopicAndApplyTheNextOne() {
        try (JobQueueDriver queue = new JobQueueDriver(Fanout.config("refreshLinks", 300, 1))) {
            // Given: a change with an unknown op, then a valid one
            final Links links = new Links(queue);
            final byte[] malformed = ("{\"database\":\"enwiki\",\"table\":\"templatelinks\","
                            + "\"target\":{\"namespace\":10,\"title\":\"X\"},"
                            + "\"source\":{\"page_id\":5,\"namespace\":0,\"title\":\"P_5\"},\"op\":\"move\"}")
                    .getBytes(StandardCharsets.UTF_8);
            // When
            links.raw(malformed);
            links.add(List.of(7L));
            queue.send(recursive("refreshLinks"));
            final List<Long> expanded = pageIds(leaves(drain(queue)));
            // Then
            final List<TestRecord<byte[], byte[]>> invalid = queue.invalidRecords();
            assertThat(invalid).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo(malformed);
                assertThat(text(record.headers().lastHeader(InvalidHeaders.REASON)))
                        .contains("op");
                assertThat(text(record.headers().lastHeader(InvalidHeaders.SOURCE_TOPIC)))
                        .isEqualTo(queue.config().topicRegistry().links().name());
            });
            assertThat(queue.metrics().total(Outcome.INVALID)).isEqualTo(1);
            assertThat(expanded).containsExactly(7L);
        }
    }

    private static String text(final Header header) {
        assertThat(header).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
