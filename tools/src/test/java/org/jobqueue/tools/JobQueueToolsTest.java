package org.jobqueue.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JobQueueToolsTest {

    @Test
    void shouldOfferTheProductsCommandsAndTheTools() {
        // Given the tools' command line
        final StringWriter out = new StringWriter();

        // When asked for help
        final int exitCode =
                JobQueueTools.commandLine().setOut(new PrintWriter(out, true)).execute("--help");

        // Then it lists the product's commands and the tools
        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .containsPattern("(?m)^  run ")
                .containsPattern("(?m)^  execute ")
                .containsPattern("(?m)^  replay ")
                .containsPattern("(?m)^  links ")
                .containsPattern("(?m)^  broker ")
                .containsPattern("(?m)^  mediawiki-stub ")
                .containsPattern("(?m)^  demo ")
                .containsPattern("(?m)^  bench ")
                .containsPattern("(?m)^  soak ");
    }
}
