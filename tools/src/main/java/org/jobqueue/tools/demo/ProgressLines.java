package org.jobqueue.tools.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** The demo's progress lines, each with the rate of jobs executed since the line before. */
final class ProgressLines implements Supplier<String> {
    private final Supplier<Progress> progress;
    private final Supplier<Instant> clock;
    private Instant last;
    private long lastOk;

    ProgressLines(final Supplier<Progress> progress, final Supplier<Instant> clock) {
        this.progress = progress;
        this.clock = clock;
        this.last = clock.get();
    }

    @Override
    public synchronized String get() {
        final Progress now = progress.get();
        final Instant at = clock.get();
        final double seconds = Math.max(Duration.between(last, at).toMillis(), 1) / 1000.0;
        final String line = now.line((now.ok() - lastOk) / seconds);
        last = at;
        lastOk = now.ok();
        return line;
    }
}
