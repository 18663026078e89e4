package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jobqueue.schemas.Priority;

/** The executors: where they POST jobs, how long they wait, how they sign, and how many calls each lane runs at once. */
public record ExecutorConfig(
        @JsonProperty("endpoint") URI endpoint,
        @JsonProperty("timeout") Duration timeout,
        @JsonProperty("secret") String secret,
        @JsonProperty("concurrency") Map<Priority, Integer> concurrency) {

    public static final ExecutorConfig DEFAULT = new ExecutorConfig(null, null, null, null);

    public ExecutorConfig {
        endpoint = endpoint != null ? endpoint : URI.create("http://127.0.0.1:8080/rpc/RunSingleJob.php");
        timeout = timeout != null ? timeout : Duration.ofMinutes(7);
        final Map<Priority, Integer> lanes =
                new EnumMap<>(Map.of(Priority.high, 40, Priority.normal, 20, Priority.low, 10));
        if (concurrency != null) {
            concurrency.forEach((lane, n) -> {
                if (n == null || n < 1)
                    throw new IllegalArgumentException("concurrency." + lane + " must be 1 or more, got " + n);
                lanes.put(lane, n);
            });
        }
        concurrency = Map.copyOf(lanes);
    }
}
