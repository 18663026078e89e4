package org.jobqueue.tools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.jobqueue.tools.JobQueueTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;

@Timeout(60)
class BrokerCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldExplainInOneLineThatItsPortIsTaken() throws Exception {
        // Given: another process listens on the port
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final StringWriter err = new StringWriter();
            final CommandLine jobqueue = JobQueueTools.commandLine().setErr(new PrintWriter(err, true));

            // When
            final int exitCode = jobqueue.execute(
                    "broker", "--port", Integer.toString(taken.getLocalPort()), "--dir", dir.toString());

            // Then
            assertThat(exitCode).isEqualTo(ExitCode.SOFTWARE);
            assertThat(err.toString())
                    .contains("cannot start a broker on 127.0.0.1:" + taken.getLocalPort())
                    .contains("Address already in use")
                    .hasLineCount(1);
        }
    }

    @Test
    void shouldDefaultToPort9092AndALocalDirectory() {
        // Given / When
        final CommandSpec spec = new CommandLine(new BrokerCommand()).getCommandSpec();

        // Then
        assertThat(spec.name()).isEqualTo("broker");
        assertThat(spec.findOption("--port").defaultValue()).isEqualTo("9092");
        assertThat(spec.findOption("--dir").defaultValue()).isEqualTo("./.jobqueue/broker");
    }
}
