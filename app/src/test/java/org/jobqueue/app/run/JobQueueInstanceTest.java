package org.jobqueue.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
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
}
