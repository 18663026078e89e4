package org.jobqueue.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces {@code ${env:NAME}} and {@code ${file:PATH}} in the string values of a parsed configuration with the
 * environment variable's value or the file's content (without its trailing line breaks); a relative PATH is relative
 * to the configuration file's directory. What replaces a placeholder is not searched again. In the {@code kafka} map a
 * placeholder whose prefix is one of {@code kafka.config.providers} is left to Kafka's own config provider.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final String KAFKA = "kafka";
    private static final String CONFIG_PROVIDERS = "config.providers";

    private final String source;
    private final Path baseDirectory;
    private final Function<String, String> environment;

    Placeholders(final String source, final Path baseDirectory, final Function<String, String> environment) {
        this.source = source;
        this.baseDirectory = baseDirectory;
        this.environment = environment;
    }

    /** Resolves every placeholder of {@code root} in place. */
    void resolve(final JsonNode root) {
        if (!(root instanceof ObjectNode top)) return;
        final Iterator<Map.Entry<String, JsonNode>> fields = top.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> field = fields.next();
            final Set<String> leftToKafka = KAFKA.equals(field.getKey()) ? kafkaProviders(field.getValue()) : Set.of();
            field.setValue(resolve(field.getValue(), field.getKey(), leftToKafka));
        }
    }

    private JsonNode resolve(final JsonNode node, final String key, final Set<String> leftToKafka) {
        if (node instanceof TextNode text) return TextNode.valueOf(resolve(text.textValue(), key, leftToKafka));
        if (node instanceof ObjectNode object) {
            final Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(resolve(field.getValue(), key + "." + field.getKey(), leftToKafka));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++)
                array.set(i, resolve(array.get(i), key + "[" + i + "]", leftToKafka));
        }
        return node;
    }

    private String resolve(final String value, final String key, final Set<String> leftToKafka) {
        final Matcher placeholder = PLACEHOLDER.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            final String prefix = placeholder.group(1);
            final String replacement =
                    leftToKafka.contains(prefix) ? placeholder.group() : valueOf(prefix, placeholder.group(2), key);
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }

    private String valueOf(final String prefix, final String name, final String key) {
        return "env".equals(prefix) ? variable(name, key) : file(name, key);
    }

    private String variable(final String name, final String key) {
        final String value = name.isEmpty() ? null : environment.apply(name);
        if (value == null) {
            throw new ConfigException(source + ": '" + key + "': environment variable '" + name + "' is not set");
        }
        return value;
    }

    private String file(final String name, final String key) {
        final Path file = baseDirectory.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("[\r\n]+$", "");
        } catch (final NoSuchFileException missing) {
            throw new ConfigException(source + ": '" + key + "': no such file " + file, missing);
        } catch (final IOException unreadable) {
            throw new ConfigException(
                    source + ": '" + key + "': cannot read " + file + " (" + unreadable + ")", unreadable);
        }
    }

    private static Set<String> kafkaProviders(final JsonNode kafka) {
        final JsonNode providers = kafka.get(CONFIG_PROVIDERS);
        if (providers == null || !providers.isTextual()) return Set.of();
        return Arrays.stream(providers.textValue().split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
