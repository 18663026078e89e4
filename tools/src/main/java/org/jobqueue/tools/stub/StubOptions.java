package org.jobqueue.tools.stub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the stand-in {@code RunSingleJob.php} behaves.
 *
 * @param port the port on 127.0.0.1 ({@code 0}: any free port)
 * @param failRate the share of otherwise good requests answered with a 500, from 0 to 1
 * @param latency how long each request waits before it is answered
 * @param secret the key of the {@code mediawiki_signature} check, or {@code null} for no check
 * @param log the file that gets one JSON line per executed job, or {@code null} for none
 */
public record StubOptions(int port, double failRate, Duration latency, String secret, Path log) {

    public StubOptions {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        if (!(failRate >= 0.0 && failRate <= 1.0))
            throw new IllegalArgumentException("fail rate must be 0 to 1, got " + failRate);
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) throw new IllegalArgumentException("latency must not be negative");
        if (secret != null && secret.isEmpty()) throw new IllegalArgumentException("secret must not be empty");
    }

    /** A stub on any free port that executes every job at once, checks no signature and logs nothing. */
    public static StubOptions onFreePort() {
        return new StubOptions(0, 0.0, Duration.ZERO, null, null);
    }

    public StubOptions withLatency(final Duration newLatency) {
        return new StubOptions(port, failRate, newLatency, secret, log);
    }

    public StubOptions withFailRate(final double newFailRate) {
        return new StubOptions(port, newFailRate, latency, secret, log);
    }

    public StubOptions withSecret(final String newSecret) {
        return new StubOptions(port, failRate, latency, newSecret, log);
    }

    public StubOptions withLog(final Path newLog) {
        return new StubOptions(port, failRate, latency, secret, newLog);
    }
}
