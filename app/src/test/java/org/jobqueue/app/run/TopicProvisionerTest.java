package org.jobqueue.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TopicProvisionerTest {
    private static final TopicsConfig THREE_PARTITIONS = new TopicsConfig(3, (short) 1);
    private static final int MAX_RECORD_BYTES = QueueConfig.DEFAULT.maxRecordBytes();
    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = OneNodeCluster.start();
        admin = cluster.admin();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        admin.close();
        cluster.close();
    }

    @Test
    void shouldCreateEveryTopicTheInstanceWrites() throws Exception {
        // Given a DC with no topics
        final JobQueueTopics topics = new JobQueueTopics("created", List.of("created"));

        // When the topics are provisioned
        new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics();

        // Then each of them exists with the configured partitions: three command lanes, results, dead letters,
        // invalid, roots, control, instances and links
        assertThat(describe(topics.writtenTopicNames()))
                .hasSize(10)
                .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
    }

    @Test
    void shouldMakeOnlyTheRootsControlAndInstancesTopicsCompacted() throws Exception {
        // Given a DC with no topics
        final JobQueueTopics topics = new JobQueueTopics("compacted", List.of("compacted"));

        // When the topics are provisioned
        new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics();

        // Then
        assertThat(cleanupPolicy(topics.roots().name())).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(cleanupPolicy(topics.control().name())).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(cleanupPolicy(topics.instances().name())).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(cleanupPolicy(topics.results().name())).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @Test
    void shouldSizeEveryTopicForTheLargestRecordJobqueueWrites() throws Exception {
        // Given a DC with no topics, and the default 4 MiB limit of an event
        final JobQueueTopics topics = new JobQueueTopics("sized", List.of("sized"));

        // When the topics are provisioned
        new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics();

        // Then every topic takes an event of the limit wrapped in a command or a dead letter (5 MiB), where the
        // broker's default takes 1 MiB
        assertThat(topics.writtenTopicNames())
                .allSatisfy(topic -> assertThat(config(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
                        .isEqualTo(Integer.toString(5 * 1024 * 1024)));
    }

    @Test
    void shouldAskForTwoInSyncReplicasOfThree() throws Exception {
        // Given three replicas, which one broker cannot give: the setting is checked, not the placement
        final TopicsConfig threeReplicas = new TopicsConfig(1, (short) 3);

        // When / Then
        assertThat(TopicAdmin.newTopic("t", threeReplicas).configs())
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        assertThat(TopicAdmin.newTopic("t", new TopicsConfig(1, (short) 1)).configs())
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
        assertThat(TopicAdmin.newTopic("t", new TopicsConfig(1, (short) -1)).configs())
                .isNull();
    }

    @Test
    void shouldUseTheBrokersReplicationFactorWhenAskedTo() throws Exception {
        // Given the broker default replication factor (-1)
        final JobQueueTopics topics = new JobQueueTopics("defaulted", List.of("defaulted"));

        // When the topics are provisioned
        new TopicProvisioner(admin, topics, new TopicsConfig(2, (short) -1), MAX_RECORD_BYTES).ensureTopics();

        // Then they exist, with the single broker's one replica
        assertThat(describe(topics.writtenTopicNames()))
                .allSatisfy(topic ->
                        assertThat(topic.partitions().get(0).replicas()).hasSize(1));
    }

    @Test
    void shouldLeaveExistingTopicsAsTheyAre() throws Exception {
        // Given a dead-letter topic that already exists with 1 partition
        final JobQueueTopics topics = new JobQueueTopics("existing", List.of("existing"));
        create(topics.deadLetter().name(), 1);

        // When the topics are provisioned twice
        new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics();
        new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics();

        // Then the existing topic is untouched
        assertThat(describe(List.of(topics.deadLetter().name()))
                        .iterator()
                        .next()
                        .partitions())
                .hasSize(1);
    }

    @Test
    void shouldRefuseAResultsTopicThatIsNotCoPartitionedWithTheQueue() throws Exception {
        // Given a results topic with 2 partitions
        final JobQueueTopics topics = new JobQueueTopics("mismatched", List.of("mismatched"));
        create(topics.results().name(), 2);

        // When the topics are provisioned for 3 partitions, Then
        assertThatThrownBy(() -> new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics())
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("topic mismatched.jobqueue.results has 2 partitions but topics.partitions"
                        + " is 3; they must be equal, because results must be co-partitioned with the queue.");
    }

    @Test
    void shouldRefuseAMirroredResultsTopicOfAnotherDcThatIsNotCoPartitioned() throws Exception {
        // Given codfw consumes eqiad, whose mirrored results topic has 2 partitions
        final JobQueueTopics topics = new JobQueueTopics("codfw", List.of("codfw", "mirrored-eqiad"));
        create(topics.results("mirrored-eqiad").name(), 2);

        // When / Then
        assertThatThrownBy(() -> new TopicProvisioner(admin, topics, THREE_PARTITIONS, MAX_RECORD_BYTES).ensureTopics())
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("topic mirrored-eqiad.jobqueue.results has 2 partitions");
    }

    private static void create(final String topic, final int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                .all()
                .get();
        describe(List.of(topic));
    }

    // A topic just created may take a moment to be visible to the broker's metadata.
    private static Collection<TopicDescription> describe(final List<String> names) {
        return eventually(
                () -> admin.describeTopics(names).allTopicNames().get().values());
    }

    private static String cleanupPolicy(final String topic) {
        return config(topic, TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    private static String config(final String topic, final String name) {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Map<ConfigResource, Config> configs =
                eventually(() -> admin.describeConfigs(List.of(resource)).all().get());
        return configs.get(resource).get(name).value();
    }

    private static <T> T eventually(final Callable<T> call) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(call, Objects::nonNull);
    }
}
