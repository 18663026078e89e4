package org.jobqueue.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobQueueCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldListTheSubcommandsInTheHelp() {
        // Given the command line, When asked for help
        final int exitCode = execute("--help");

        // Then it exits 0 and lists every subcommand
        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .startsWith("Usage: jobqueue [-hV] [COMMAND]")
                .contains("Commands:")
                .containsPattern("(?m)^  run ")
                .containsPattern("(?m)^  execute ")
                .containsPattern("(?m)^  pause ")
                .containsPattern("(?m)^  resume ")
                .containsPattern("(?m)^  drop ")
                .containsPattern("(?m)^  control ")
                .containsPattern("(?m)^  dead-letter ")
                .containsPattern("(?m)^  help ");
    }

    @Test
    void shouldPrintTheVersionsOfJobqueueAndKafka() {
        // Given the command line, When asked for the version
        final int exitCode = execute("--version");

        // Then
        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("jobqueue ").contains("Kafka 4.3.1");
    }

    @Test
    void shouldExitWithAUsageErrorWithoutASubcommand() {
        // Given the command line, When run with no arguments
        final int exitCode = execute();

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required subcommand").contains("Usage: jobqueue");
    }

    @Test
    void shouldRequireAConfigFileToRun() {
        // Given the command line, When run is given no --config
        final int exitCode = execute("run");

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required option: '--config=FILE'");
    }

    @Test
    void shouldReportAConfigurationErrorInOneLine(@TempDir final Path dir) throws IOException {
        // Given a configuration file with an unknown key
        final Path config = Files.writeString(dir.resolve("config.yaml"), "dc: eqiad\ntypes: {cdnPurge: {rat: 1}}\n");

        // When run with it
        final int exitCode = execute("run", "--config", config.toString());

        // Then it exits 2 with the configuration error and no stack trace
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("jobqueue: " + config + ": unknown key 'types.cdnPurge.rat'"
                        + " (expected one of: priority, rate, enabled, retry, fanout, concurrency, endpoint, timeout,"
                        + " max_in_flight)" + System.lineSeparator());
    }

    @Test
    void shouldReportAMissingConfigFileInOneLine(@TempDir final Path dir) {
        // Given a path to no file
        final Path config = dir.resolve("missing.yaml");

        // When run with it
        final int exitCode = execute("run", "--config", config.toString());

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jobqueue: " + config + ": no such file" + System.lineSeparator());
    }

    private int execute(final String... args) {
        final CommandLine commandLine = JobQueueCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
