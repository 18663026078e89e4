package org.jobqueue.app.steer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** A bad flag combination is a usage error that says what to give, before anything talks to Kafka. */
class SteerUsageTest {
    // Nothing listens there: a command that got as far as Kafka would fail with exit code 1, not 2.
    private final SteerCommandLine jobqueue = new SteerCommandLine("127.0.0.1:1");

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void configuration() throws Exception {
        config = jobqueue.config(dir, "eqiad");
    }

    @Test
    void shouldRefuseAPauseOfBothALaneAndAType() {
        assertUsageError(
                "give either --lane, or --type with an optional --database, not both",
                "pause",
                "--config",
                config,
                "--lane",
                "low",
                "--type",
                "refreshLinks");
    }

    @Test
    void shouldRefuseAResumeWithoutAScope() {
        assertUsageError(
                "missing scope: give --type T (with an optional --database D) or --lane L",
                "resume",
                "--config",
                config);
        assertUsageError(
                "--database needs --type: a rule covers a type on one database, not a whole database",
                "pause",
                "--config",
                config,
                "--database",
                "enwiki");
    }

    @Test
    void shouldRefuseAnUnknownLane() {
        assertThat(jobqueue.run("pause", "--config", config, "--lane", "urgent"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(jobqueue.err()).contains("--lane").contains("high, normal, low");
    }

    @Test
    void shouldRefuseAnUntilThatHasPassedOrIsNoTime() {
        assertUsageError(
                "--until '2020-01-01T00:00:00Z' is 2020-01-01T00:00:00Z, which has passed: the rule would never apply",
                "pause",
                "--config",
                config,
                "--lane",
                "low",
                "--until",
                "2020-01-01T00:00:00Z");
        assertUsageError(
                "--until 'tomorrow': expected an ISO-8601 time with its offset (2026-12-02T15:00:00Z) or a whole"
                        + " number and a unit of ms, s, m, h or d (30m, 2h, 1d)",
                "drop",
                "--config",
                config,
                "--type",
                "floodJob",
                "--until",
                "tomorrow");
    }

    @Test
    void shouldRefuseARemovalWithAnEndOrAPurge() {
        assertUsageError(
                "--remove takes no --until or --purge: it removes the rule of this type and database",
                "drop",
                "--config",
                config,
                "--type",
                "floodJob",
                "--remove",
                "--purge");
    }

    @Test
    void shouldRefuseARetryOfNothingInParticularOrOfTwoSelections() {
        assertUsageError(
                "give --id ID, or --type T with --since TIME (which dead letters to retry)",
                "dead-letter",
                "retry",
                "--config",
                config,
                "--type",
                "refreshLinks");
        assertUsageError(
                "give either --id, or --type with --since, not both",
                "dead-letter",
                "retry",
                "--config",
                config,
                "--id",
                "x",
                "--type",
                "refreshLinks",
                "--since",
                "1h");
    }

    @Test
    void shouldRefuseADatabaseNoJobCanHave() {
        assertUsageError(
                "--database 'en|wiki' holds a character no job's database can hold",
                "drop",
                "--config",
                config,
                "--type",
                "floodJob",
                "--database",
                "en|wiki");
    }

    private void assertUsageError(final String message, final String... args) {
        assertThat(jobqueue.run(args)).isEqualTo(ExitCode.USAGE);
        assertThat(jobqueue.err().lines().findFirst()).hasValue(message);
        assertThat(jobqueue.err()).contains("Usage: jobqueue ");
    }
}
