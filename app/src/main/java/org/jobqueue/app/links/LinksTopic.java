package org.jobqueue.app.links;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.jobqueue.topology.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the links topic when it is missing, with {@code topics.partitions} partitions and
 * {@code topics.replication_factor} replicas, and waits until every partition has a leader. Its partition count is
 * free: the topology re-partitions backlink changes by target itself.
 */
final class LinksTopic {
    private static final Logger log = LoggerFactory.getLogger(LinksTopic.class);
    private static final short BROKER_DEFAULT_REPLICATION = -1;
    private static final int DESCRIBE_ATTEMPTS = 40;
    private static final long DESCRIBE_BACKOFF_MS = 250;

    private LinksTopic() {}

    /** Returns whether it created the topic. */
    static boolean ensure(final Admin admin, final String topic, final TopicsConfig settings)
            throws InterruptedException {
        try {
            if (admin.listTopics().names().get().contains(topic)) return false;
            final short replication = settings.replicationFactor();
            final NewTopic newTopic = new NewTopic(
                    topic,
                    Optional.of(settings.partitions()),
                    replication == BROKER_DEFAULT_REPLICATION ? Optional.empty() : Optional.of(replication));
            log.info("Creating topic {} with {} partitions", topic, settings.partitions());
            try {
                admin.createTopics(List.of(newTopic)).all().get();
            } catch (final ExecutionException failed) {
                if (!(failed.getCause() instanceof TopicExistsException)) throw failed;
            }
            awaitLeaders(admin, topic);
            return true;
        } catch (final ExecutionException failed) {
            throw new LinkImportException("cannot set up topic " + topic + ": " + failed.getCause(), failed);
        } catch (final KafkaException failed) {
            throw new LinkImportException("cannot set up topic " + topic + ": " + failed, failed);
        }
    }

    private static void awaitLeaders(final Admin admin, final String topic)
            throws InterruptedException, ExecutionException {
        for (int attempt = 1; ; attempt++) {
            try {
                final var description = admin.describeTopics(List.of(topic))
                        .topicNameValues()
                        .get(topic)
                        .get();
                if (!description.partitions().isEmpty()
                        && description.partitions().stream().allMatch(partition -> partition.leader() != null)) {
                    return;
                }
            } catch (final ExecutionException notVisibleYet) {
                if (!(notVisibleYet.getCause() instanceof UnknownTopicOrPartitionException)) throw notVisibleYet;
            }
            if (attempt == DESCRIBE_ATTEMPTS) throw new LinkImportException("topic " + topic + " has no leaders");
            Time.SYSTEM.sleep(DESCRIBE_BACKOFF_MS);
        }
    }
}
