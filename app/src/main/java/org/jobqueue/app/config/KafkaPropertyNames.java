package org.jobqueue.app.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The property names that the {@code kafka} map accepts: what Kafka Streams and its clients understand. */
final class KafkaPropertyNames {
    private static final String CONFIG_PROVIDERS = "config.providers";
    private static final Set<String> CONSUMER = ConsumerConfig.configNames();
    private static final Set<String> PRODUCER = ProducerConfig.configNames();
    private static final Set<String> ADMIN = AdminClientConfig.configNames();
    private static final Set<String> STREAMS = StreamsConfig.configDef().names();
    private static final Set<String> ANY =
            Stream.of(STREAMS, CONSUMER, PRODUCER, ADMIN).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, Set<String>> BY_PREFIX = Map.of(
            StreamsConfig.CONSUMER_PREFIX, CONSUMER,
            StreamsConfig.MAIN_CONSUMER_PREFIX, CONSUMER,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, CONSUMER,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, CONSUMER,
            StreamsConfig.PRODUCER_PREFIX, PRODUCER,
            StreamsConfig.ADMIN_CLIENT_PREFIX, ADMIN,
            StreamsConfig.TOPIC_PREFIX, topicConfigNames());

    private KafkaPropertyNames() {}

    static boolean isKnown(final String name) {
        return ANY.contains(name) || isKnownWithPrefix(name) || isClientTag(name) || isConfigProvider(name);
    }

    /** {@code config.providers} and each provider's {@code config.providers.<name>.class} and {@code .param.*}. */
    static boolean isConfigProvider(final String name) {
        return name.equals(CONFIG_PROVIDERS) || name.startsWith(CONFIG_PROVIDERS + ".");
    }

    private static boolean isKnownWithPrefix(final String name) {
        return BY_PREFIX.entrySet().stream()
                .anyMatch(prefixed -> name.startsWith(prefixed.getKey())
                        && prefixed.getValue()
                                .contains(name.substring(prefixed.getKey().length())));
    }

    private static boolean isClientTag(final String name) {
        return name.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)
                && name.length() > StreamsConfig.CLIENT_TAG_PREFIX.length();
    }

    // TopicConfig has no list of its names, only one *_CONFIG constant per name.
    private static Set<String> topicConfigNames() {
        return Arrays.stream(TopicConfig.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()))
                .filter(field -> field.getName().endsWith("_CONFIG"))
                .map(KafkaPropertyNames::constantValue)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String constantValue(final Field field) {
        try {
            return (String) field.get(null);
        } catch (final IllegalAccessException impossibleForAPublicField) {
            throw new IllegalStateException(impossibleForAPublicField);
        }
    }
}
