package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.serdes.Topic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: a one-node cluster that round-trips the product's serdes and runs exactly-once Streams. */
@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaClusterExtensionIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @Test
    void shouldReadBackACommittedRecordThroughTheTopicSerdes(final TestInfo testInfo) {
        // Given
        final Topic<String, JobResult> results = new JobQueueTopics(KAFKA.uniqueName(testInfo), List.of()).results();
        KAFKA.createTopics(4, results.name());
        final JobResult result = result("enwiki|0123abcd");

        // When
        KAFKA.produce(results, List.of(KeyValue.pair(result.getJobKey(), result)));

        // Then
        final List<ConsumerRecord<String, JobResult>> read =
                KAFKA.consumeUntil(results, records -> !records.isEmpty(), TIMEOUT);
        assertThat(read).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("enwiki|0123abcd");
            assertThat(record.value()).isEqualTo(result);
        });
    }

    @Test
    void shouldRunAnExactlyOnceStreamsApplicationOnTheSingleNode(final TestInfo testInfo) {
        // Given
        final String name = KAFKA.uniqueName(testInfo);
        final Topic<String, String> input = stringTopic(name + ".in");
        final Topic<String, String> output = stringTopic(name + ".out");
        KAFKA.createTopics(2, input.name(), output.name());
        KAFKA.produce(input, List.of(KeyValue.pair("a", "refreshlinks"), KeyValue.pair("b", "cdnpurge")));

        // When
        try (KafkaStreams streams = new KafkaStreams(upperCase(input, output), exactlyOnce(testInfo))) {
            streams.start();

            // Then
            final List<ConsumerRecord<String, String>> read =
                    KAFKA.consumeUntil(output, records -> records.size() >= 2, TIMEOUT);
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("REFRESHLINKS", "CDNPURGE");
        }
    }

    private static Topology upperCase(final Topic<String, String> input, final Topic<String, String> output) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input.name(), Consumed.with(input.keySerde(), input.valueSerde()))
                .mapValues(value -> value.toUpperCase(Locale.ROOT))
                .to(output.name(), Produced.with(output.keySerde(), output.valueSerde()));
        return builder.build();
    }

    private static Properties exactlyOnce(final TestInfo testInfo) {
        final Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, KAFKA.uniqueApplicationId(testInfo));
        props.put(StreamsConfig.STATE_DIR_CONFIG, KAFKA.newStateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }

    private static Topic<String, String> stringTopic(final String name) {
        return new Topic<>(name, JobSerdes.string(), JobSerdes.string());
    }

    private static JobResult result(final String jobKey) {
        return JobResult.newBuilder()
                .setCommandId(jobKey + "|1")
                .setJobKey(jobKey)
                .setEventId("6f1c2a42-2c5b-11e8-9a6a-0123456789ab")
                .setType("refreshLinks")
                .setStatus(ResultStatus.ok)
                .setStartedAt(1_700_000_000_000L)
                .setDurationMs(12L)
                .build();
    }
}
