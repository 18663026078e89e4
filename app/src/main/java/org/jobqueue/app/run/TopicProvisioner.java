package org.jobqueue.app.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics an instance writes when they are missing, and checks the one whose layout the queue relies on. */
final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final short BROKER_DEFAULT_REPLICATION = -1;
    private static final int DESCRIBE_ATTEMPTS = 20;
    private static final Duration DESCRIBE_BACKOFF = Duration.ofMillis(500);

    private final Admin admin;
    private final JobQueueTopics topics;
    private final TopicsConfig settings;

    TopicProvisioner(final Admin admin, final JobQueueTopics topics, final TopicsConfig settings) {
        this.admin = admin;
        this.topics = topics;
        this.settings = settings;
    }

    void ensureTopics() {
        try {
            final Set<String> existing = await(admin.listTopics().names());
            resultsTopics().stream().filter(existing::contains).forEach(this::checkResultsPartitions);
            createMissingTopics(existing);
        } catch (final KafkaException failed) {
            throw new StartupException("cannot set up jobqueue's topics: " + failed.getMessage(), failed);
        }
    }

    private void createMissingTopics(final Set<String> existing) {
        final List<NewTopic> missing = topics.writtenTopicNames().stream()
                .filter(Predicate.not(existing::contains))
                .map(this::newTopic)
                .toList();
        if (missing.isEmpty()) return;
        log.info("Creating topics {}", missing.stream().map(NewTopic::name).toList());
        final CreateTopicsResult created = admin.createTopics(missing);
        created.values().values().forEach(TopicProvisioner::awaitCreation);
        missing.forEach(topic -> awaitLeaders(topic.name()));
    }

    // Kafka Streams fails to start a global store whose topic has no visible partitions yet.
    private void awaitLeaders(final String topic) {
        for (int attempt = 1; !hasLeaders(describe(topic)); attempt++) {
            if (attempt == DESCRIBE_ATTEMPTS) throw new StartupException("topic " + topic + " has no leaders");
            Time.SYSTEM.sleep(DESCRIBE_BACKOFF.toMillis());
        }
    }

    private static boolean hasLeaders(final TopicDescription description) {
        return !description.partitions().isEmpty()
                && description.partitions().stream().allMatch(partition -> partition.leader() != null);
    }

    private NewTopic newTopic(final String name) {
        final NewTopic topic = new NewTopic(name, Optional.of(settings.partitions()), replicationFactor());
        if (!name.equals(topics.roots().name())) return topic;
        return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private Optional<Short> replicationFactor() {
        final short replicationFactor = settings.replicationFactor();
        return replicationFactor == BROKER_DEFAULT_REPLICATION ? Optional.empty() : Optional.of(replicationFactor);
    }

    /** This DC's results, and the mirrored results of every other consumed DC. */
    private List<String> resultsTopics() {
        return Stream.concat(Stream.of(topics.dc()), topics.remoteDcs().stream())
                .map(dc -> topics.results(dc).name())
                .toList();
    }

    // Results are keyed by the job key and must land in the queue partition that holds the job; the mirror keeps
    // another DC's results in the partitions they were written to.
    private void checkResultsPartitions(final String results) {
        final int partitions = describe(results).partitions().size();
        if (partitions != settings.partitions()) {
            throw new StartupException("topic " + results + " has " + partitions + " partitions but"
                    + " topics.partitions is " + settings.partitions() + "; they must be equal, because results"
                    + " must be co-partitioned with the queue. Set topics.partitions to " + partitions
                    + " or re-create the topic.");
        }
    }

    // A topic that another instance has just created may not be visible to every broker yet.
    private TopicDescription describe(final String topic) {
        for (int attempt = 1; ; attempt++) {
            try {
                return await(
                        admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
            } catch (final UnknownTopicOrPartitionException notVisibleYet) {
                if (attempt == DESCRIBE_ATTEMPTS) throw notVisibleYet;
                Time.SYSTEM.sleep(DESCRIBE_BACKOFF.toMillis());
            }
        }
    }

    private static void awaitCreation(final KafkaFuture<Void> creation) {
        try {
            await(creation);
        } catch (final TopicExistsException createdMeanwhile) {
            log.debug("Another instance created the topic first", createdMeanwhile);
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
