package org.jobqueue.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.jobqueue.tools.processes.KafkaCluster;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real one-node KRaft cluster (combined broker and controller, {@link KafkaClusterTestKit}) per test class, with the
 * helpers integration tests need: topics, producing, reading committed records, unique names and state directories.
 *
 * <p>Register it as {@code @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();}.
 * Internal topics have replication factor 1 and min ISR 1, so {@code exactly_once_v2} runs on the one node.
 */
public final class KafkaClusterExtension implements KafkaCluster, BeforeAllCallback, AfterAllCallback {
    private static final Map<String, String> BROKER_CONFIG = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1",
            "group.initial.rebalance.delay.ms", "0",
            "group.streams.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    private final AtomicInteger names = new AtomicInteger();
    private KafkaClusterTestKit cluster;
    private Admin admin;
    private Path scratch;

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        cluster = newCluster();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(clientConfig());
        scratch = Files.createTempDirectory("jobqueue-it-");
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        Utils.closeQuietly(admin, "admin");
        if (cluster != null) cluster.close();
        if (scratch != null) Utils.delete(scratch.toFile());
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public Admin admin() {
        return admin;
    }

    /**
     * A name unique in this cluster, made from the test method's name: for application ids, topics, data centres.
     * Lower case, {@code [a-z0-9-]} only.
     */
    public String uniqueName(final TestInfo testInfo) {
        final String method = testInfo.getTestMethod().map(Method::getName).orElse("test");
        final String slug = method.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
        return slug + "-" + names.incrementAndGet();
    }

    /** A unique Kafka Streams {@code application.id} for this test. */
    public String uniqueApplicationId(final TestInfo testInfo) {
        return "it-" + uniqueName(testInfo);
    }

    /** A new empty directory, deleted after the test class. */
    public Path newStateDir() {
        try {
            return Files.createTempDirectory(scratch, "state-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaClusterTestKit newCluster() throws Exception {
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
        BROKER_CONFIG.forEach(builder::setConfigProp);
        final KafkaClusterTestKit kit = builder.build();
        kit.nonFatalFaultHandler().setIgnore(true);
        return kit;
    }
}
