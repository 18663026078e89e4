package org.jobqueue.tools.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the soak does.
 *
 * @param minutes how long the load runs; then the soak waits for the queue to drain
 * @param workDir where the processes keep their data and logs; {@code null} for a temporary directory
 * @param keep whether to keep the temporary directory at the end (it is also kept when the soak fails)
 * @param rate jobs offered per second
 * @param killEvery how often a {@code run} instance is killed ({@code kill -9}) and restarted; zero: never
 * @param bounceEvery how often the broker is killed ({@code kill -9}) and restarted; zero: never
 * @param failRate the share of requests the stub answers with a 500 at random, from 0 to less than 1
 * @param drainTimeout the longest the soak waits for the queue to drain after the load
 * @param out the file for the JSON report, or {@code null}
 */
public record SoakOptions(
        int minutes,
        Path workDir,
        boolean keep,
        int rate,
        Duration killEvery,
        Duration bounceEvery,
        double failRate,
        Duration drainTimeout,
        Path out) {
    public static final int MAX_RATE = 10_000;

    public SoakOptions {
        if (minutes < 1) throw new IllegalArgumentException("--minutes must be 1 or more, got " + minutes);
        if (rate < 1 || rate > MAX_RATE)
            throw new IllegalArgumentException("--rate must be 1 to " + MAX_RATE + ", got " + rate);
        notNegative("--kill-every", killEvery);
        notNegative("--bounce-every", bounceEvery);
        if (!(failRate >= 0.0 && failRate < 1.0))
            throw new IllegalArgumentException("--fail-rate must be 0 or more and less than 1, got " + failRate);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative() || drainTimeout.isZero())
            throw new IllegalArgumentException("--drain-timeout must be more than 0");
    }

    /** How long the load runs. */
    public Duration load() {
        return Duration.ofMinutes(minutes);
    }

    private static void notNegative(final String option, final Duration duration) {
        Objects.requireNonNull(duration, option);
        if (duration.isNegative()) throw new IllegalArgumentException(option + " must not be negative");
    }
}
