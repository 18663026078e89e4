package org.jobqueue.tools.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jobqueue.tools.JobQueueTools;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;

class MediaWikiStubCommandTest {

    @Test
    void shouldDocumentTheFailureHooks() {
        // Given
        final StringWriter out = new StringWriter();
        final CommandLine jobqueue = JobQueueTools.commandLine().setOut(new PrintWriter(out, true));

        // When
        final int exitCode = jobqueue.execute("mediawiki-stub", "--help");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .contains("stub_fail")
                .contains("always")
                .contains("once")
                .contains("readonly")
                .contains("--fail-rate")
                .contains("--latency")
                .contains("--secret")
                .contains("--log");
    }

    @Test
    void shouldRejectAFailRateAboveOne() {
        // Given
        final StringWriter err = new StringWriter();
        final CommandLine jobqueue = JobQueueTools.commandLine().setErr(new PrintWriter(err, true));

        // When
        final int exitCode = jobqueue.execute("mediawiki-stub", "--port", "0", "--fail-rate", "1.5");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("fail rate must be 0 to 1");
    }

    @Test
    void shouldRejectALatencyThatIsNoDuration() {
        // Given
        final StringWriter err = new StringWriter();
        final CommandLine jobqueue = JobQueueTools.commandLine().setErr(new PrintWriter(err, true));

        // When
        final int exitCode = jobqueue.execute("mediawiki-stub", "--latency", "soon");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
