package org.jobqueue.app.logging;

import picocli.CommandLine.Option;

/** {@code --log-format}, as a picocli mixin of the long-running commands ({@code run}, {@code execute}). */
public final class LoggingOptions {
    // A setter, so that the format applies while the command line is parsed, before the command logs anything.
    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "How log lines on stderr look: text, or json (one object per line; default: ${DEFAULT-VALUE})")
    void format(final LogFormat format) {
        format.apply();
    }
}
