package org.jobqueue.app.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * Reads jobqueue's YAML configuration into a {@link JobQueueConfig}. Anything it cannot use (an unknown key, a value of
 * the wrong kind, a setting out of range, an unknown Kafka property) is a {@link ConfigException} that names the file
 * and the full key. String values may hold {@code ${env:NAME}} and {@code ${file:PATH}} (see {@link Placeholders}).
 */
public final class ConfigLoader {
    private static final ObjectMapper MAPPER = strictYamlMapper();

    private ConfigLoader() {}

    public static JobQueueConfig load(final Path file) {
        return load(file, Map.of());
    }

    /** Reads {@code file}, then sets the entries of {@code kafkaOverrides} in its {@code kafka} map. */
    public static JobQueueConfig load(final Path file, final Map<String, String> kafkaOverrides) {
        return load(file, kafkaOverrides, System::getenv);
    }

    /** As {@link #load(Path, Map)}, taking {@code ${env:NAME}} from {@code environment}. */
    public static JobQueueConfig load(
            final Path file, final Map<String, String> kafkaOverrides, final Function<String, String> environment) {
        final String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException missing) {
            throw new ConfigException(file + ": no such file", missing);
        } catch (final IOException unreadable) {
            throw new ConfigException(file + ": cannot read the file (" + unreadable + ")", unreadable);
        }
        final Path directory = file.toAbsolutePath().getParent();
        final JobQueueConfig config =
                parse(file.toString(), yaml, new Placeholders(file.toString(), directory, environment));
        return withKafka(config, kafkaOverrides);
    }

    /** Parses {@code yaml}; {@code source} names it in error messages (usually the file name). */
    public static JobQueueConfig parse(final String source, final String yaml) {
        return parse(source, yaml, System::getenv);
    }

    /** Parses {@code yaml}, taking {@code ${env:NAME}} from {@code environment}. */
    public static JobQueueConfig parse(
            final String source, final String yaml, final Function<String, String> environment) {
        return parse(source, yaml, new Placeholders(source, Path.of("").toAbsolutePath(), environment));
    }

    private static JobQueueConfig parse(final String source, final String yaml, final Placeholders placeholders) {
        final JobQueueConfig config = bind(source, yaml, placeholders);
        checkKafkaProperties(source, config.kafka());
        return config;
    }

    private static JobQueueConfig withKafka(final JobQueueConfig config, final Map<String, String> overrides) {
        if (overrides.isEmpty()) return config;
        final Map<String, String> kafka = new HashMap<>(config.kafka());
        kafka.putAll(overrides);
        return config.withKafka(kafka);
    }

    private static JobQueueConfig bind(final String source, final String yaml, final Placeholders placeholders) {
        final JobQueueConfig config;
        try {
            final JsonNode tree = MAPPER.readTree(yaml);
            placeholders.resolve(tree);
            config = MAPPER.treeToValue(tree, JobQueueConfig.class);
        } catch (final JsonProcessingException unusable) {
            throw new ConfigException(source + ": " + ConfigErrors.describe(unusable), unusable);
        }
        if (config == null) throw new ConfigException(source + ": is empty (at least 'dc' is required)");
        return config;
    }

    private static void checkKafkaProperties(final String source, final Map<String, String> kafka) {
        final List<String> unknown = kafka.keySet().stream()
                .filter(name -> !KafkaPropertyNames.isKnown(name))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException(source + ": unknown Kafka property 'kafka." + String.join("', 'kafka.", unknown)
                    + "' (expected a Kafka Streams, consumer, producer or admin client property, optionally"
                    + " prefixed by consumer., main.consumer., restore.consumer., global.consumer., producer., admin."
                    + " or topic.)");
        }
    }

    private static ObjectMapper strictYamlMapper() {
        return YAMLMapper.builder(YAMLFactory.builder().build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .addModule(new SimpleModule("jobqueue-durations")
                        .addDeserializer(Duration.class, new DurationDeserializer()))
                .build();
    }
}
