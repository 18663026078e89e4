package org.jobqueue.tools.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows the demo's progress: on a terminal one line rewritten every second, elsewhere (a pipe, a log) a plain line
 * every 5 seconds. The rate is of jobs executed since the line before.
 */
final class ProgressPrinter {
    private static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter out;
    private final boolean terminal;
    private Instant lastPrinted;
    private long lastOk;
    private int lastLength;

    ProgressPrinter(final PrintWriter out, final boolean terminal, final Instant start) {
        this.out = out;
        this.terminal = terminal;
        this.lastPrinted = start;
    }

    void show(final Progress progress, final Instant now) {
        final Duration sinceLast = Duration.between(lastPrinted, now);
        if (sinceLast.compareTo(terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL) < 0) return;
        final double seconds = Math.max(sinceLast.toMillis(), 1) / 1000.0;
        final String line = progress.line((progress.ok() - lastOk) / seconds);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        } else {
            out.println(line);
        }
        out.flush();
        lastPrinted = now;
        lastOk = progress.ok();
        lastLength = line.length();
    }

    /** Ends the rewritten line, so what follows starts on a line of its own. */
    void finish() {
        if (terminal && lastLength > 0) out.println();
        out.flush();
    }
}
