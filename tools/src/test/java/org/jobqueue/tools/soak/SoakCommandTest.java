package org.jobqueue.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.jobqueue.tools.JobQueueTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;

class SoakCommandTest {

    @Test
    void shouldTakeTheDefaultsForAllButTheMinutes() {
        // Given
        final SoakCommand soak = new SoakCommand();

        // When
        new CommandLine(soak).parseArgs("--minutes", "30");

        // Then
        assertThat(soak.options())
                .isEqualTo(new SoakOptions(
                        30,
                        null,
                        false,
                        200,
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(7),
                        0.02,
                        Duration.ofMinutes(10),
                        null));
    }

    @Test
    void shouldReadEveryOption() {
        // Given
        final SoakCommand soak = new SoakCommand();

        // When
        new CommandLine(soak)
                .parseArgs(
                        "--minutes",
                        "3",
                        "--work-dir",
                        "/tmp/soak",
                        "--keep",
                        "--rate",
                        "50",
                        "--kill-every",
                        "1m",
                        "--bounce-every",
                        "90s",
                        "--fail-rate",
                        "0",
                        "--drain-timeout",
                        "2m",
                        "--out",
                        "soak.json");

        // Then
        assertThat(soak.options())
                .isEqualTo(new SoakOptions(
                        3,
                        Path.of("/tmp/soak"),
                        true,
                        50,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(90),
                        0.0,
                        Duration.ofMinutes(2),
                        Path.of("soak.json")));
        assertThat(soak.options().load()).isEqualTo(Duration.ofMinutes(3));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--rate 200                       | Missing required option: '--minutes=N'",
                "--minutes 0                      | --minutes must be 1 or more, got 0",
                "--minutes 1 --rate 0             | --rate must be 1 to 10000, got 0",
                "--minutes 1 --fail-rate 1        | --fail-rate must be 0 or more and less than 1, got 1.0",
                "--minutes 1 --kill-every -1m     | '-1m' is not a duration",
                "--minutes 1 --bounce-every often | 'often' is not a duration",
                "--minutes 1 --drain-timeout 0s   | --drain-timeout must be more than 0"
            })
    void shouldRefuseBadOptions(final String arguments, final String message) {
        // Given
        final StringWriter err = new StringWriter();
        final CommandLine jobqueue = JobQueueTools.commandLine().setErr(new PrintWriter(err, true));

        // When
        final int exitCode = jobqueue.execute(("soak " + arguments.strip()).split(" +"));

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void shouldMeanNeverByZeroIntervals() {
        // Given
        final SoakCommand soak = new SoakCommand();

        // When
        new CommandLine(soak).parseArgs("--minutes", "1", "--kill-every", "0s", "--bounce-every", "0s");

        // Then
        assertThat(soak.options().killEvery()).isZero();
        assertThat(soak.options().bounceEvery()).isZero();
    }
}
