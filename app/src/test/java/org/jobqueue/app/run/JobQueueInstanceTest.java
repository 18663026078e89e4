package org.jobqueue.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.jobqueue.app.config.ConfigLoader;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobQueueInstanceTest {
    private static final String MAIN_CONSUMER_METADATA_AGE = "main.consumer.metadata.max.age.ms";

    @Test
    void shouldBeCreatedUntilStarted() {
        // Given a new instance
        try (JobQueueInstance instance = new JobQueueInstance(JobQueueConfig.of("eqiad"))) {
            // When nothing else happens, Then
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(instance.metrics().registry()).isNotNull();
        }
    }

    @Test
    void shouldCloseMoreThanOnce() {
        // Given an instance
        final JobQueueInstance instance = new JobQueueInstance(JobQueueConfig.of("eqiad"));

        // When it is closed twice
        instance.close();
        instance.close();

        // Then it is not running
        assertThat(instance.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }

    @Test
    void shouldRefuseToStartOnceClosed() {
        // Given a closed instance
        final JobQueueInstance instance = new JobQueueInstance(JobQueueConfig.of("eqiad"));
        instance.close();

        // When it is started, Then
        assertThatThrownBy(instance::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this instance is closed");
    }

    @Test
    void shouldRefreshTheMainConsumersMetadataEvery30Seconds() {
        // Given properties that say nothing about metadata age
        final Properties properties = new Properties();

        // When the instance's defaults are applied
        final Properties withDefaults = JobQueueInstance.withInstanceDefaults(properties);

        // Then new job topics are seen within 30 s
        assertThat(withDefaults).containsEntry(MAIN_CONSUMER_METADATA_AGE, "30000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.max.age.ms", "consumer.metadata.max.age.ms", "main.consumer.metadata.max.age.ms"})
    void shouldKeepTheMetadataAgeTheUserSet(final String key) {
        // Given the user's own metadata age
        final Properties properties = new Properties();
        properties.put(key, "5000");

        // When the instance's defaults are applied
        final Properties withDefaults = JobQueueInstance.withInstanceDefaults(properties);

        // Then the user's setting is the only one
        assertThat(withDefaults).containsEntry(key, "5000").hasSize(1);
    }

    @Test
    void shouldPassStandbyReplicasAndRackAwarenessFromTheConfigurationToKafkaStreams() {
        // Given a configuration that asks for a standby replica of every task, placed by zone
        final JobQueueConfig config = ConfigLoader.parse("standby.yaml", """
                dc: eqiad
                kafka:
                  bootstrap.servers: "127.0.0.1:9092"
                  num.standby.replicas: 1
                  rack.aware.assignment.tags: zone
                  client.tag.zone: eqiad-a
                  client.rack: a1
                """);

        // When the instance's Kafka Streams properties are made from it
        final StreamsConfig streams =
                new StreamsConfig(JobQueueInstance.withInstanceDefaults(JobQueueTopology.streamsProperties(config)));

        // Then Kafka Streams and its consumers get every one of them
        assertThat(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(streams.getList(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG))
                .containsExactly("zone");
        assertThat(streams.getClientTags()).containsExactly(Map.entry("zone", "eqiad-a"));
        assertThat(streams.getMainConsumerConfigs("group", "client", 0))
                .containsEntry(ConsumerConfig.CLIENT_RACK_CONFIG, "a1");
    }
}
