package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jobqueue.app.kafka.TopicToEnd;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The instances announced on {@code <dc>.jobqueue.instances}: the topic read from its beginning to its end, the latest
 * announcement per key kept unless a tombstone followed it.
 */
final class Instances {
    private final JobQueueConfig config;

    Instances(final JobQueueConfig config) {
        this.config = config;
    }

    static String topic(final JobQueueConfig config) {
        return config.dc() + ".jobqueue.instances";
    }

    static String bootstrap(final JobQueueConfig config) {
        return config.kafka().getOrDefault("bootstrap.servers", "?");
    }

    /** The admin addresses of the announced instances, the most recently started first. */
    List<URI> adminAddresses() {
        final Map<String, JsonNode> announced = new HashMap<>();
        new TopicToEnd(config, "jobqueue-inspect").read(topic(config), record -> {
            if (record.key() == null) return;
            final String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) announced.remove(key);
            else announced.put(key, parse(record.value()));
        });
        return announced.values().stream()
                .filter(value -> value.hasNonNull("admin"))
                .sorted(Comparator.comparing(
                                (JsonNode value) -> value.path("started_at").asText(""))
                        .reversed())
                .map(value -> URI.create(value.get("admin").asText()))
                .toList();
    }

    private static JsonNode parse(final byte[] value) {
        try {
            return AdminApi.JSON.readTree(value);
        } catch (final IOException notJson) {
            return AdminApi.JSON.createObjectNode();
        }
    }
}
