package org.jobqueue.app.links;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows an import's progress on stderr: on a terminal a bar rewritten twice a second, elsewhere (a pipe, a log) a plain
 * line every 5 seconds.
 */
final class ImportProgressPrinter implements AutoCloseable {
    static final Duration TERMINAL_INTERVAL = Duration.ofMillis(500);
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean terminal;
    private ScheduledExecutorService timer;
    private int lastLength;
    private boolean closed;

    ImportProgressPrinter(final PrintWriter err, final boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Starts showing {@code progress} at the interval for the output. */
    void start(final Supplier<ImportProgress> progress) {
        final long interval = (terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL).toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "jobqueue-links-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> show(progress.get()), interval, interval, TimeUnit.MILLISECONDS);
    }

    synchronized void show(final ImportProgress now) {
        if (closed) return;
        final String line = now.line(terminal);
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        } else {
            err.println("links import: " + line);
        }
        err.flush();
        lastLength = line.length();
    }

    /** Prints a message on a line of its own; on a terminal the bar is redrawn below it at the next interval. */
    synchronized void message(final String message) {
        clearBar();
        err.println(message);
        err.flush();
    }

    /** Stops, and on a terminal clears the bar so that what follows starts on a clean line. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.shutdownNow();
        clearBar();
        err.flush();
    }

    private void clearBar() {
        if (terminal && lastLength > 0) err.print("\r" + " ".repeat(lastLength) + "\r");
        lastLength = 0;
    }
}
