package org.jobqueue.app.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The part of the configuration's {@code kafka} map that a plain Kafka client (not Kafka Streams) takes. */
public final class KafkaClientProperties {
    private KafkaClientProperties() {}

    /**
     * The entries of {@code kafka} named in {@code clientNames}, plus those given with {@code prefix} (e.g.
     * {@code producer.}), which win over the plain ones, plus Kafka's config providers ({@code config.providers*}), so
     * that each client resolves the {@code ${provider:path:key}} values it is given.
     */
    public static Map<String, String> of(
            final Map<String, String> kafka, final Set<String> clientNames, final String prefix) {
        final Map<String, String> properties = new HashMap<>();
        kafka.forEach((name, value) -> {
            if (clientNames.contains(name) || KafkaPropertyNames.isConfigProvider(name)) properties.put(name, value);
        });
        kafka.forEach((name, value) -> {
            final String unprefixed = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
            if (clientNames.contains(unprefixed)) properties.put(unprefixed, value);
        });
        return properties;
    }
}
