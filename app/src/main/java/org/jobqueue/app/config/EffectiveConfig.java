package org.jobqueue.app.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jobqueue.topology.config.Durations;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.Secrets;
import org.jobqueue.topology.config.TypeConfig;

/**
 * A configuration as the YAML it amounts to: every default filled in (a type's priority, retry and enabled too), keys
 * in the order the documentation uses, secrets shown as {@value Secrets#MASK}.
 */
public final class EffectiveConfig {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .addModule(new SimpleModule("jobqueue-durations").addSerializer(Duration.class, new DurationSerializer()))
            .build();

    private EffectiveConfig() {}

    public static String yaml(final JobQueueConfig config) {
        final ObjectNode tree = YAML.valueToTree(config);
        tree.set("kafka", YAML.valueToTree(Secrets.masked(config.kafka())));
        final ObjectNode executor = (ObjectNode) tree.get("executor");
        executor.put("secret", Secrets.masked(config.executor().secret()));
        tree.set("types", types(config));
        inLaneOrder((ObjectNode) tree.get("queue"), "in_flight", config.queue().lanes());
        inLaneOrder(executor, "concurrency", config.queue().lanes());
        try {
            return YAML.writeValueAsString(tree);
        } catch (final JsonProcessingException impossibleForATree) {
            throw new UncheckedIOException(impossibleForATree);
        }
    }

    private static void inLaneOrder(final ObjectNode parent, final String name, final List<String> laneOrder) {
        final JsonNode lanes = parent.get(name);
        final ObjectNode ordered = parent.objectNode();
        for (final String lane : laneOrder) {
            if (lanes.has(lane)) ordered.set(lane, lanes.get(lane));
        }
        parent.set(name, ordered);
    }

    private static JsonNode types(final JobQueueConfig config) {
        final Map<String, TypeConfig> effective = new TreeMap<>();
        config.types()
                .forEach((type, settings) -> effective.put(
                        type,
                        new TypeConfig(
                                config.priorityOf(type),
                                settings.rate(),
                                settings.isEnabled(),
                                config.retryOf(type),
                                settings.fanout(),
                                settings.concurrency(),
                                settings.endpoint(),
                                settings.timeout(),
                                settings.maxInFlight())));
        final ObjectNode types = YAML.valueToTree(effective);
        types.forEach(type -> ((ObjectNode) type).remove(unset(type)));
        return types;
    }

    private static List<String> unset(final JsonNode type) {
        final List<String> names = new ArrayList<>();
        type.fieldNames().forEachRemaining(name -> {
            if (type.get(name).isNull()) names.add(name);
        });
        return names;
    }

    private static final class DurationSerializer extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(final Duration value, final JsonGenerator generator, final SerializerProvider provider)
                throws IOException {
            generator.writeString(Durations.format(value));
        }
    }
}
