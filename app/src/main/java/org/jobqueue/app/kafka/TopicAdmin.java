package org.jobqueue.app.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jobqueue.topology.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics through the Admin client and waits until every partition of each has a leader: a client that
 * produces to a partition whose leader is not known yet fails, and Kafka Streams fails to start a global store whose
 * topic has no visible partitions. Failures are {@link KafkaException}s.
 */
public final class TopicAdmin {
    /** How long a topic may take to become visible and to have leaders, unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Admin admin;
    private final Duration timeout;

    public TopicAdmin(final Admin admin) {
        this(admin, DEFAULT_TIMEOUT);
    }

    public TopicAdmin(final Admin admin, final Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * A topic with {@code topics.partitions} partitions, {@code topics.replication_factor} replicas and {@code
     * topics.min_insync_replicas} (both unset: the broker's defaults).
     */
    public static NewTopic newTopic(final String name, final TopicsConfig settings) {
        final short replication = settings.replicationFactor();
        final NewTopic topic = new NewTopic(
                name,
                Optional.of(settings.partitions()),
                replication == TopicsConfig.BROKER_DEFAULT ? Optional.empty() : Optional.of(replication));
        if (settings.minInsyncReplicas() == TopicsConfig.BROKER_DEFAULT) return topic;
        return topic.configs(
                Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(settings.minInsyncReplicas())));
    }

    /** {@code topic} with {@code configs} added to those it has. */
    public static NewTopic withConfigs(final NewTopic topic, final Map<String, String> configs) {
        final Map<String, String> all = new HashMap<>();
        if (topic.configs() != null) all.putAll(topic.configs());
        all.putAll(configs);
        return topic.configs(all);
    }

    /** The names of the cluster's topics. */
    public Set<String> names() {
        return await(admin.listTopics().names());
    }

    /**
     * Creates those of {@code topics} that do not exist, leaving the others as they are, and waits until every
     * partition of each has a leader. Returns the names it created: not those another client created meanwhile.
     */
    public Set<String> createMissing(final Collection<NewTopic> topics) {
        final Set<String> existing = names();
        final List<NewTopic> missing = topics.stream()
                .filter(topic -> !existing.contains(topic.name()))
                .toList();
        if (missing.isEmpty()) return Set.of();
        log.info("Creating topics {}", missing.stream().map(NewTopic::name).toList());
        final Set<String> created = new LinkedHashSet<>();
        admin.createTopics(missing).values().forEach((name, creation) -> {
            if (awaitCreation(creation)) created.add(name);
        });
        final long deadline = deadline();
        missing.forEach(topic -> awaitLeaders(topic.name(), deadline));
        return created;
    }

    /** Describes {@code topic}, waiting while a topic another client has just created is not visible yet. */
    public TopicDescription describe(final String topic) {
        return describe(topic, deadline());
    }

    private void awaitLeaders(final String topic, final long deadline) {
        while (!hasLeaders(describe(topic, deadline))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " has no leader after " + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    private TopicDescription describe(final String topic, final long deadline) {
        while (true) {
            try {
                return await(
                        admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
            } catch (final UnknownTopicOrPartitionException notVisibleYet) {
                if (System.nanoTime() > deadline) throw notVisibleYet;
                pause();
            }
        }
    }

    private static boolean hasLeaders(final TopicDescription description) {
        return !description.partitions().isEmpty()
                && description.partitions().stream().allMatch(partition -> partition.leader() != null);
    }

    /** Returns whether this call created the topic. */
    private static boolean awaitCreation(final KafkaFuture<Void> creation) {
        try {
            await(creation);
            return true;
        } catch (final TopicExistsException createdMeanwhile) {
            log.debug("Another client created the topic first", createdMeanwhile);
            return false;
        }
    }

    private long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (final InterruptedException interrupted) {
            throw new InterruptException(interrupted);
        }
    }

    private static <T> T await(final KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (final ExecutionException failed) {
            throw failed.getCause() instanceof KafkaException cause ? cause : new KafkaException(failed.getCause());
        } catch (final InterruptedException interrupted) {
            throw new InterruptException(interrupted);
        }
    }
}
