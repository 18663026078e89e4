package org.jobqueue.app;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A started single-node KRaft cluster (combined broker and controller) for this module's real-broker tests. */
public final class OneNodeCluster {
    // The internal topics' defaults ask for three replicas, which one node cannot give: groups would find no
    // coordinator.
    private static final Map<String, String> SINGLE_NODE_DEFAULTS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1");

    private OneNodeCluster() {}

    public static KafkaClusterTestKit start() throws Exception {
        return start(Map.of());
    }

    public static KafkaClusterTestKit start(final Map<String, String> brokerConfig) throws Exception {
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
        SINGLE_NODE_DEFAULTS.forEach(builder::setConfigProp);
        brokerConfig.forEach(builder::setConfigProp);
        final KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }
}
