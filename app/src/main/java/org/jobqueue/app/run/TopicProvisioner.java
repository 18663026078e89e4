package org.jobqueue.app.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.TopicsConfig;

/** Creates the topics an instance writes when they are missing, and checks the one whose layout the queue relies on. */
final class TopicProvisioner {
    private final TopicAdmin cluster;
    private final JobQueueTopics topics;
    private final TopicsConfig settings;
    private final int maxRecordBytes;
    private final List<String> periodicTopics;

    TopicProvisioner(
            final Admin admin, final JobQueueTopics topics, final TopicsConfig settings, final int maxRecordBytes) {
        this(admin, topics, settings, maxRecordBytes, List.of());
    }

    /**
     * {@code maxRecordBytes}: the largest record jobqueue writes (see {@code QueueConfig#maxRecordBytes});
     * {@code periodicTopics}: the job topics its periodic schedules write.
     */
    TopicProvisioner(
            final Admin admin,
            final JobQueueTopics topics,
            final TopicsConfig settings,
            final int maxRecordBytes,
            final List<String> periodicTopics) {
        this.cluster = new TopicAdmin(admin);
        this.topics = topics;
        this.settings = settings;
        this.maxRecordBytes = maxRecordBytes;
        this.periodicTopics = periodicTopics;
    }

    void ensureTopics() {
        try {
            final Set<String> existing = cluster.names();
            resultsTopics().stream().filter(existing::contains).forEach(this::checkResultsPartitions);
            cluster.createMissing(Stream.concat(topics.writtenTopicNames().stream(), periodicTopics.stream())
                    .map(this::newTopic)
                    .toList());
        } catch (final KafkaException failed) {
            throw new StartupException("cannot set up jobqueue's topics: " + failed.getMessage(), failed);
        }
    }

    private NewTopic newTopic(final String name) {
        final Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes));
        if (name.equals(topics.roots().name())
                || name.equals(topics.control().name())
                || name.equals(topics.instances().name())) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return TopicAdmin.withConfigs(TopicAdmin.newTopic(name, settings), configs);
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
        final int partitions = cluster.describe(results).partitions().size();
        if (partitions != settings.partitions()) {
            throw new StartupException("topic " + results + " has " + partitions + " partitions but"
                    + " topics.partitions is " + settings.partitions() + "; they must be equal, because results"
                    + " must be co-partitioned with the queue. Set topics.partitions to " + partitions
                    + " or re-create the topic.");
        }
    }
}
