package org.jobqueue.app.links;

import java.time.Duration;
import java.util.Locale;

/**
 * Where an import is at one moment.
 *
 * @param linesRead lines read from the file, comments and blank lines included
 * @param sent changes handed to the producer
 * @param acknowledged changes the brokers acknowledged
 * @param bytesRead bytes of the file read
 * @param totalBytes the file's size, or 0 when unknown (a pipe)
 * @param elapsed since the import started
 */
record ImportProgress(long linesRead, long sent, long acknowledged, long bytesRead, long totalBytes, Duration elapsed) {
    private static final int BAR_WIDTH = 24;

    /** Acknowledged changes per second since the start. */
    double rate() {
        return acknowledged / seconds();
    }

    /** The share of the file read, from 0 to 1, or -1 when the size is unknown. */
    double fraction() {
        if (totalBytes <= 0) return -1;
        return Math.min(1.0, (double) bytesRead / totalBytes);
    }

    /** The time left at the pace so far, from the bytes still to read; {@code null} before there is a pace. */
    Duration eta() {
        if (totalBytes <= 0 || bytesRead <= 0) return null;
        final double left = Math.max(0, totalBytes - bytesRead);
        return Duration.ofMillis(Math.round(left * elapsed.toMillis() / bytesRead));
    }

    /** One line: a bar (on a terminal), the share read, the counts, the rate and the time left. */
    String line(final boolean bar) {
        final StringBuilder line = new StringBuilder();
        final double fraction = fraction();
        if (fraction >= 0) {
            if (bar) {
                final int filled = (int) Math.floor(fraction * BAR_WIDTH);
                line.append('[')
                        .append("#".repeat(filled))
                        .append("-".repeat(BAR_WIDTH - filled))
                        .append("] ");
            }
            line.append(String.format(Locale.ROOT, "%3d%% | ", (int) Math.floor(fraction * 100)));
        }
        line.append(String.format(
                Locale.ROOT,
                "read %,d lines | sent %,d | acknowledged %,d | %,.0f/s | ETA %s",
                linesRead,
                sent,
                acknowledged,
                rate(),
                eta() == null ? "?" : eta().toSeconds() + " s"));
        return line.toString();
    }

    private double seconds() {
        return Math.max(elapsed.toMillis(), 1) / 1000.0;
    }
}
