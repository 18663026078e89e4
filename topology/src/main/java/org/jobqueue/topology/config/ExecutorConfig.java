package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The executors: where they POST jobs, how long they wait, how they sign, how many calls each lane runs at once, how
 * long they finish their calls when stopped, how they honour a throttling endpoint, and when a lane's circuit opens.
 */
public record ExecutorConfig(
        @JsonProperty("endpoint") URI endpoint,
        @JsonProperty("timeout") Duration timeout,
        @JsonProperty("secret") String secret,
        @JsonProperty("concurrency") Map<String, Integer> concurrency,
        @JsonProperty("drain_timeout") Duration drainTimeout,
        @JsonProperty("throttle") Throttle throttle,
        @JsonProperty("circuit") Circuit circuit) {

    public static final ExecutorConfig DEFAULT = new ExecutorConfig(null, null, null, null);

    @JsonCreator
    public ExecutorConfig {
        endpoint = endpoint != null ? endpoint : URI.create("http://127.0.0.1:8080/rpc/RunSingleJob.php");
        timeout = timeout != null ? timeout : Duration.ofMinutes(7);
        final Map<String, Integer> lanes =
                new HashMap<>(Map.of(LaneNames.HIGH, 40, LaneNames.NORMAL, 20, LaneNames.LOW, 10));
        if (concurrency != null) {
            concurrency.forEach((lane, n) -> {
                if (n == null || n < 1)
                    throw new IllegalArgumentException("concurrency." + lane + " must be 1 or more, got " + n);
                lanes.put(lane, n);
            });
        }
        concurrency = Map.copyOf(lanes);
        if (drainTimeout != null && drainTimeout.isNegative())
            throw new IllegalArgumentException("drain_timeout must not be negative");
        drainTimeout = drainTimeout != null ? drainTimeout : timeout;
        throttle = throttle != null ? throttle : Throttle.DEFAULT;
        circuit = circuit != null ? circuit : Circuit.DEFAULT;
    }

    /** Every setting but the four older ones at its default. */
    public ExecutorConfig(
            final URI endpoint, final Duration timeout, final String secret, final Map<String, Integer> concurrency) {
        this(endpoint, timeout, secret, concurrency, null, null, null);
    }

    @Override
    public String toString() {
        return "ExecutorConfig[endpoint=" + endpoint + ", timeout=" + timeout + ", secret=" + Secrets.masked(secret)
                + ", concurrency=" + concurrency + ", drainTimeout=" + drainTimeout + ", throttle=" + throttle
                + ", circuit=" + circuit + "]";
    }

    /**
     * A throttling answer (429, or 503 with {@code Retry-After}): the lane waits {@code Retry-After}, or {@code wait}
     * when it has none, at most {@code max_wait}, then calls again.
     */
    public record Throttle(
            @JsonProperty("wait") Duration waitTime,
            @JsonProperty("max_wait") Duration maxWait) {
        public static final Throttle DEFAULT = new Throttle(null, null);

        public Throttle {
            waitTime = positive("wait", waitTime, Duration.ofSeconds(1));
            maxWait = positive("max_wait", maxWait, Duration.ofMinutes(5));
            if (maxWait.compareTo(waitTime) < 0) throw new IllegalArgumentException("max_wait must be at least wait");
        }
    }

    /**
     * A lane's circuit opens when at least {@code min_calls} calls ended within {@code window} and at least
     * {@code failure_ratio} of them failed (5xx, time-out, connection error); it probes after {@code probe_backoff},
     * doubling up to {@code max_probe_backoff}, and closes when a probe succeeds.
     */
    public record Circuit(
            @JsonProperty("failure_ratio") Double failureRatio,
            @JsonProperty("min_calls") Integer minCalls,
            @JsonProperty("window") Duration window,
            @JsonProperty("probe_backoff") Duration probeBackoff,
            @JsonProperty("max_probe_backoff") Duration maxProbeBackoff) {
        public static final Circuit DEFAULT = new Circuit(null, null, null, null, null);

        public Circuit {
            failureRatio = failureRatio != null ? failureRatio : 0.5;
            if (!(failureRatio > 0.0 && failureRatio <= 1.0))
                throw new IllegalArgumentException("failure_ratio must be above 0 and at most 1, got " + failureRatio);
            minCalls = minCalls != null ? minCalls : 10;
            if (minCalls < 1) throw new IllegalArgumentException("min_calls must be 1 or more, got " + minCalls);
            window = positive("window", window, Duration.ofSeconds(30));
            probeBackoff = positive("probe_backoff", probeBackoff, Duration.ofSeconds(1));
            maxProbeBackoff = positive("max_probe_backoff", maxProbeBackoff, Duration.ofMinutes(1));
            if (maxProbeBackoff.compareTo(probeBackoff) < 0)
                throw new IllegalArgumentException("max_probe_backoff must be at least probe_backoff");
        }
    }

    private static Duration positive(final String key, final Duration value, final Duration fallback) {
        if (value == null) return fallback;
        if (value.isNegative() || value.isZero()) throw new IllegalArgumentException(key + " must be above 0");
        return value;
    }
}
