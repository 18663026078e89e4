package org.jobqueue.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholdersTest {
    private static final Map<String, String> ENVIRONMENT =
            Map.of("EXECUTOR_SECRET", "s3cret", "KAFKA_PASSWORD", "hunter2", "LOOPY", "${env:EXECUTOR_SECRET}");

    @TempDir
    Path dir;

    @Test
    void shouldTakeAWholeValueFromTheEnvironment() {
        // When
        final JobQueueConfig config = parse("dc: eqiad\nexecutor: {secret: '${env:EXECUTOR_SECRET}'}\n");

        // Then
        assertThat(config.executor().secret()).isEqualTo("s3cret");
    }

    @Test
    void shouldReplaceAPlaceholderWithinAValue() {
        // When
        final JobQueueConfig config = parse("dc: eqiad\nkafka:\n  sasl.jaas.config: 'ScramLoginModule required"
                + " username=\"jobqueue\" password=\"${env:KAFKA_PASSWORD}\";'\n");

        // Then
        assertThat(config.kafka())
                .containsEntry(
                        "sasl.jaas.config", "ScramLoginModule required username=\"jobqueue\" password=\"hunter2\";");
    }

    @Test
    void shouldTakeAValueFromAFileRelativeToTheConfigWithoutItsTrailingLineBreak() throws Exception {
        // Given a secret file beside the configuration, written with a final newline
        Files.writeString(dir.resolve("executor.secret"), "from-a-file\n");
        final Path file = Files.writeString(
                dir.resolve("jobqueue.yaml"), "dc: eqiad\nexecutor: {secret: '${file:executor.secret}'}\n");

        // When
        final JobQueueConfig config = ConfigLoader.load(file);

        // Then
        assertThat(config.executor().secret()).isEqualTo("from-a-file");
    }

    @Test
    void shouldNameTheKeyOfAMissingVariableAndNotItsNeighbours() {
        assertThatThrownBy(() -> parse("dc: eqiad\nkafka:\n  ssl.key.password: '${env:NOT_SET}'\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: 'kafka.ssl.key.password': environment variable 'NOT_SET' is not set");
    }

    @Test
    void shouldNameTheKeyAndPathOfAMissingFile() throws Exception {
        // Given
        final Path file = Files.writeString(
                dir.resolve("jobqueue.yaml"), "dc: eqiad\nexecutor: {secret: '${file:/nonexistent/secret}'}\n");

        // Then
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": 'executor.secret': no such file /nonexistent/secret");
    }

    @Test
    void shouldNotResolveWhatAPlaceholderWasReplacedWith() {
        // When: a variable's value looks like a placeholder
        final JobQueueConfig config = parse("dc: eqiad\nexecutor: {secret: '${env:LOOPY}'}\n");

        // Then it is taken as it is
        assertThat(config.executor().secret()).isEqualTo("${env:EXECUTOR_SECRET}");
    }

    @Test
    void shouldLeaveToKafkaThePlaceholdersOfItsOwnConfigProviders() {
        // When: Kafka's FileConfigProvider is configured under the name "file"
        final JobQueueConfig config = parse("dc: eqiad\nkafka:\n"
                + "  config.providers: file\n"
                + "  config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider\n"
                + "  ssl.key.password: '${file:/etc/jobqueue/kafka.properties:key.password}'\n"
                + "executor: {secret: '${env:EXECUTOR_SECRET}'}\n");

        // Then its placeholders reach Kafka untouched, and jobqueue's own are still resolved elsewhere
        assertThat(config.kafka())
                .containsEntry("ssl.key.password", "${file:/etc/jobqueue/kafka.properties:key.password}")
                .containsEntry("config.providers", "file");
        assertThat(config.executor().secret()).isEqualTo("s3cret");
    }

    @Test
    void shouldPassKafkasConfigProvidersToThePlainClients() {
        // Given
        final Map<String, String> kafka = Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "bootstrap.servers", "kafka:9092");

        // When
        final Map<String, String> consumer = KafkaClientProperties.of(kafka, ConsumerConfig.configNames(), "consumer.");

        // Then
        assertThat(consumer).isEqualTo(kafka);
    }

    private static JobQueueConfig parse(final String yaml) {
        return ConfigLoader.parse("test.yaml", yaml, ENVIRONMENT::get);
    }
}
