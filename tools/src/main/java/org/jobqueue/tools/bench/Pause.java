package org.jobqueue.tools.bench;

import java.time.Duration;

/** Sleeps, turning an interrupt into an exception that stops the bench. */
final class Pause {
    private Pause() {}

    static void of(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
