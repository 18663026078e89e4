package org.jobqueue.app.console;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A long task's progress on the console: on a terminal one line rewritten in place twice a second, elsewhere (a pipe,
 * a log) a plain line every 5 seconds. Messages go on lines of their own.
 */
public final class ProgressLine implements AutoCloseable {
    static final Duration TERMINAL_INTERVAL = Duration.ofMillis(500);
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter out;
    private final boolean terminal;
    private ScheduledExecutorService timer;
    private int lastLength;
    private boolean closed;

    /** {@code terminal}: whether {@code out} goes to one, as when {@code System.console() != null}. */
    public ProgressLine(final PrintWriter out, final boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows {@code line} at the interval for the output, from a daemon thread, until closed. */
    public synchronized void start(final Supplier<String> line) {
        final long interval = (terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL).toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "jobqueue-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> show(line.get()), interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Shows {@code line} now: in place of the one before on a terminal, on a line of its own elsewhere. */
    public synchronized void show(final String line) {
        if (closed) return;
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a message on a line of its own; on a terminal the progress line comes back below it at the next show. */
    public synchronized void message(final String message) {
        clear();
        out.println(message);
        out.flush();
    }

    /** Stops, and on a terminal clears the line, so that what follows starts on a clean one. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.shutdownNow();
        clear();
        out.flush();
    }

    private void clear() {
        if (terminal && lastLength > 0) out.print("\r" + " ".repeat(lastLength) + "\r");
        lastLength = 0;
    }
}
