package org.jobqueue.app;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A started single-node KRaft cluster (combined broker and controller) for this module's real-broker tests. */
public final class OneNodeCluster {
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
        brokerConfig.forEach(builder::setConfigProp);
        final KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }
}
