package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.app.config.ConfigLoader;
import org.jobqueue.topology.config.JobQueueConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecuteCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldBeASubcommandWithItsOptions() {
        // Given the command line, When asked for the help of execute
        final int exitCode = execute("execute", "--help");

        // Then
        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .startsWith("Usage: jobqueue execute")
                .contains("Run executors for one or more priority lanes")
                .contains("--config=FILE")
                .contains("--priority=P")
                .contains("--admin-port=PORT");
    }

    @Test
    void shouldSayNotReadyBeforeTheStartAndNeitherReadyNorLiveAfterTheStop() {
        // Given executors of one lane, not started
        final JobExecutors executors =
                new JobExecutors(JobQueueConfig.of("eqiad"), Set.of("high"), new com.codahale.metrics.MetricRegistry());

        // When / Then
        assertThat(executors.health().ready()).isFalse();
        assertThat(executors.health().live()).isTrue();
        executors.close();
        assertThat(executors.health().ready()).isFalse();
        assertThat(executors.health().live()).isFalse();
    }

    @Test
    void shouldRequireAConfigFile() {
        // Given the command line, When execute is given no --config
        final int exitCode = execute("execute");

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required option: '--config=FILE'");
    }

    @Test
    void shouldRefuseAnUnknownPriority(@TempDir final Path dir) throws IOException {
        // Given a valid configuration
        final Path config = Files.writeString(dir.resolve("config.yaml"), "dc: eqiad\n");

        // When a lane that does not exist is asked for
        final int exitCode = execute("execute", "--config", config.toString(), "--priority", "high,urgent");

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--priority").contains("urgent");
    }

    @Test
    void shouldServeALaneOfItsOwnAndNameTheConfiguredLanesForAnUnknownOne(@TempDir final Path dir) throws IOException {
        // Given a configuration with a video lane
        final JobQueueConfig config = ConfigLoader.parse(
                "config.yaml", "dc: eqiad\nqueue: {in_flight: {video: 4}}\nexecutor: {concurrency: {video: 2}}\n");
        final Path file = Files.writeString(
                dir.resolve("config.yaml"),
                "dc: eqiad\nqueue: {in_flight: {video: 4}}\nexecutor: {concurrency: {video: 2}}\n");

        // When the video lane is asked for, Then it is served with its own concurrency
        assertThat(ExecuteCommand.startLine(config, Set.of("video")))
                .isEqualTo("Executing the video lane against http://127.0.0.1:8080/rpc/RunSingleJob.php"
                        + " (concurrency video=2)");

        // When a lane that does not exist is asked for, Then the configured ones are named
        assertThat(execute("execute", "--config", file.toString(), "--priority", "audio"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--priority: unknown lane 'audio' (lanes: high, normal, low, video)");
    }

    @Test
    void shouldReportAConfigurationErrorInOneLine(@TempDir final Path dir) throws IOException {
        // Given a configuration with a bad executor setting
        final Path config = Files.writeString(dir.resolve("config.yaml"), "dc: eqiad\nexecutor: {timout: 5s}\n");

        // When
        final int exitCode = execute("execute", "--config", config.toString());

        // Then it exits 2 with one line and no stack trace
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("jobqueue: " + config + ": unknown key 'executor.timout'");
        assertThat(err.toString().strip()).doesNotContain("\n");
    }

    @Test
    void shouldReportAnUnusableKafkaSettingInOneLine(@TempDir final Path dir) throws IOException {
        // Given a configuration whose consumer property has a value the consumer refuses
        final Path config = Files.writeString(
                dir.resolve("config.yaml"),
                "dc: eqiad\nkafka: {bootstrap.servers: '127.0.0.1:1', max.poll.records: lots}\n");

        // When
        final int exitCode = execute("execute", "--config", config.toString(), "--priority", "low");

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("jobqueue: " + config + ": 'kafka': ")
                .contains("max.poll.records");
    }

    @Test
    void shouldNameTheLanesTheEndpointAndTheConcurrencyOnStart() {
        // Given
        final JobQueueConfig config = ConfigLoader.parse(
                "config.yaml",
                "dc: eqiad\nexecutor: {endpoint: 'http://mw:8080/rpc/RunSingleJob.php', concurrency: {high: 8}}\n");

        // When
        final String line = ExecuteCommand.startLine(config, Set.of("high", "low"));

        // Then
        assertThat(line)
                .isEqualTo("Executing the high, low lanes against http://mw:8080/rpc/RunSingleJob.php"
                        + " (concurrency high=8, low=10)");
    }

    private int execute(final String... args) {
        final CommandLine commandLine = JobQueueCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
