package org.jobqueue.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;

class ConfigCheckCommandTest {
    private static final Path EXAMPLE = Path.of("..", "config.example.yaml");
    private static final Map<String, String> ENVIRONMENT =
            Map.of("JOBQUEUE_KAFKA_PASSWORD", "kafka-pa55word", "JOBQUEUE_EXECUTOR_SECRET", "executor-s3cret");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void shouldAcceptTheExampleAndPrintItsEffectiveConfigurationWithSecretsMasked() {
        // When
        final int exitCode = check("--config", EXAMPLE.toString());

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .startsWith("dc: eqiad\n")
                .contains("  sasl.jaas.config: '******'\n")
                .contains("  secret: '******'\n")
                .contains("  in_flight:\n    high: 400\n    normal: 200\n    low: 100\n")
                .contains("  claim_ttl: 1h\n")
                .doesNotContain("kafka-pa55word")
                .doesNotContain("executor-s3cret");
    }

    @Test
    void shouldFillInTheDefaultsOfTypes() throws Exception {
        // Given
        final Path config = Files.writeString(dir.resolve("c.yaml"), "dc: eqiad\ntypes: {cdnPurge: {rate: 200}}\n");

        // When
        final int exitCode = check("--config", config.toString());

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .contains("processing_guarantee: exactly_once_v2\n")
                .contains("  secret: null\n")
                .contains("types:\n  cdnPurge:\n    priority: normal\n    rate: 200.0\n    enabled: true\n"
                        + "    retry:\n      limit: 2\n      delay: 1m\n      factor: 6.0\n");
    }

    @Test
    void shouldShowTheBootstrapServerGivenOnTheCommandLine() {
        // When
        final int exitCode = check("--config", EXAMPLE.toString(), "--bootstrap-server", "kafka-test1001:9092");

        // Then
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("  bootstrap.servers: kafka-test1001:9092\n");
    }

    @Test
    void shouldNameTheKeyOfABadConfigAndExitWithTwo() throws Exception {
        // Given
        final Path config = Files.writeString(dir.resolve("bad.yaml"), "dc: eqiad\nqueue: {claim_ttl: soon}\n");

        // When
        final int exitCode = JobQueueCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("config", "check", "--config", config.toString());

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("jobqueue: " + config + ": 'queue.claim_ttl': 'soon' is not a duration");
    }

    @Test
    void shouldMaskSecretsInTheConfigurationsToString() {
        // Given
        final JobQueueConfig config = ConfigLoader.parse("example", readExample(), ENVIRONMENT::get);

        // Then
        assertThat(config.toString())
                .contains("sasl.jaas.config=******")
                .contains("secret=******")
                .doesNotContain("kafka-pa55word")
                .doesNotContain("executor-s3cret");
        assertThat(config.executor().toString()).contains("secret=******").doesNotContain("executor-s3cret");
    }

    private int check(final String... args) {
        return new CommandLine(new ConfigCheckCommand(new ConfigOptions(ENVIRONMENT::get)))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private static String readExample() {
        try {
            return Files.readString(EXAMPLE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
