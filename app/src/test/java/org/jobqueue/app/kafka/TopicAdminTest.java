package org.jobqueue.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.jobqueue.app.OneNodeCluster;
import org.jobqueue.topology.config.TopicsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TopicAdminTest {
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
    void shouldCreateTheMissingTopicsWithTheirConfigsAndLeaders() throws Exception {
        // Given
        final TopicAdmin topics = new TopicAdmin(admin);
        final NewTopic compacted = TopicAdmin.newTopic("created.compacted", new TopicsConfig(2, (short) -1))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

        // When
        final var created = topics.createMissing(List.of(compacted));

        // Then it is there at once, every partition with a leader
        assertThat(created).containsExactly("created.compacted");
        final TopicDescription description = topics.describe("created.compacted");
        assertThat(description.partitions())
                .hasSize(2)
                .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "created.compacted");
        assertThat(admin.describeConfigs(List.of(resource))
                        .all()
                        .get()
                        .get(resource)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                        .value())
                .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldLeaveExistingTopicsAsTheyAreAndSaySo() {
        // Given a topic with 1 partition
        final TopicAdmin topics = new TopicAdmin(admin);
        topics.createMissing(List.of(new NewTopic("existing.one", 1, (short) 1)));

        // When it is asked for again with 3, beside a new one
        final var created = topics.createMissing(
                List.of(new NewTopic("existing.one", 3, (short) 1), new NewTopic("existing.new", 3, (short) 1)));

        // Then only the new one is created, and the other keeps its partition
        assertThat(created).containsExactly("existing.new");
        assertThat(topics.describe("existing.one").partitions()).hasSize(1);
    }
}
