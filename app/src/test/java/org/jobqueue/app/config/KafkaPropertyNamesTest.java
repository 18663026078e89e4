package org.jobqueue.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaPropertyNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bootstrap.servers",
                "num.stream.threads",
                "processing.guarantee",
                "max.poll.records",
                "linger.ms",
                "security.protocol",
                "consumer.max.poll.records",
                "main.consumer.metadata.max.age.ms",
                "restore.consumer.max.poll.records",
                "global.consumer.fetch.max.bytes",
                "producer.compression.type",
                "admin.retries",
                "topic.min.insync.replicas",
                "topic.cleanup.policy",
                "client.tag.zone"
            })
    void shouldAcceptKafkaPropertiesAndTheirPrefixedForms(final String name) {
        // Given a property of Kafka Streams or one of its clients, When it is checked, Then
        assertThat(KafkaPropertyNames.isKnown(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bootstrap.server",
                "num.streams.threads",
                "consumer.linger.ms",
                "producer.max.poll.records",
                "admin.max.poll.records",
                "topic.bootstrap.servers",
                "main.consumer.",
                "client.tag.",
                "kafka.bootstrap.servers"
            })
    void shouldRejectUnknownNamesAndPrefixesOnTheWrongClient(final String name) {
        // Given a name no Kafka client understands (or a prefix that targets the wrong client), When checked, Then
        assertThat(KafkaPropertyNames.isKnown(name)).isFalse();
    }
}
