package org.jobqueue.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.KafkaCluster;
import org.jobqueue.tools.processes.Ports;

/**
 * A KRaft cluster of three nodes (each a combined broker and controller, {@code jobqueue broker --voters}), each in a
 * JVM of its own, so that a test can {@code kill -9} the leader of a partition and start it again on the same ports and
 * data, as a broker host crashes and comes back. Topics get three replicas.
 */
public final class BrokerCluster implements KafkaCluster, AutoCloseable {
    public static final short REPLICAS = 3;
    private static final Pattern STARTED = Pattern.compile("bootstrap\\.servers=(\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final int HEAP_MB = 384;

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final List<JobQueueProcess> nodes = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private Admin admin;

    private BrokerCluster(final Path dir) {
        this.dir = dir;
        for (int i = 0; i < REPLICAS; i++) {
            ports.add(Ports.free());
            controllerPorts.add(Ports.free());
            nodes.add(null);
            starts.add(0);
        }
    }

    /** Starts the three nodes at once (a node waits for a quorum of controllers), and returns when all serve. */
    public static BrokerCluster start(final Path dir) {
        final BrokerCluster cluster = new BrokerCluster(dir);
        IntStream.rangeClosed(1, REPLICAS).forEach(cluster::launch);
        IntStream.rangeClosed(1, REPLICAS).forEach(cluster::awaitServing);
        return cluster;
    }

    @Override
    public short replicationFactor() {
        return REPLICAS;
    }

    /** The id of the node that leads {@code partition} of {@code topic}. */
    public int leaderOf(final String topic, final int partition) {
        final Map<String, TopicDescription> topics =
                KafkaCluster.get(admin().describeTopics(Set.of(topic)).allTopicNames());
        final Node leader = topics.get(topic).partitions().get(partition).leader();
        if (leader == null) throw new IllegalStateException(topic + "-" + partition + " has no leader");
        return leader.id();
    }

    /** {@code kill -9} of node {@code nodeId}: no controlled shutdown, no flush. */
    public void kill(final int nodeId) {
        nodes.get(nodeId - 1).kill();
    }

    /** Starts node {@code nodeId} again after {@link #kill}, on the same ports and data, and waits until it serves. */
    public void restart(final int nodeId) {
        launch(nodeId);
        awaitServing(nodeId);
    }

    @Override
    public String bootstrapServers() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    @Override
    public synchronized Admin admin() {
        if (admin == null) admin = Admin.create(clientConfig());
        return admin;
    }

    /**
     * Kills every node: the test is over and its data is thrown away. A clean stop in turn would leave the last node
     * without a quorum of controllers for its controlled shutdown, and wait out its time-out.
     */
    @Override
    public void close() {
        Utils.closeQuietly(admin, "admin");
        nodes.stream().filter(node -> node != null && node.isAlive()).forEach(JobQueueProcess::kill);
    }

    private void launch(final int nodeId) {
        final JobQueueProcess running = nodes.get(nodeId - 1);
        if (running != null && running.isAlive()) throw new IllegalStateException("node " + nodeId + " is running");
        starts.set(nodeId - 1, starts.get(nodeId - 1) + 1);
        nodes.set(
                nodeId - 1,
                JobQueueProcess.start(
                        "broker-" + nodeId + "-" + starts.get(nodeId - 1),
                        dir,
                        HEAP_MB,
                        "broker",
                        "--node-id",
                        Integer.toString(nodeId),
                        "--port",
                        Integer.toString(ports.get(nodeId - 1)),
                        "--controller-port",
                        Integer.toString(controllerPorts.get(nodeId - 1)),
                        "--voters",
                        voters(),
                        "--cluster-id",
                        clusterId,
                        "--dir",
                        dir.resolve("broker-" + nodeId + "-data").toString()));
    }

    private void awaitServing(final int nodeId) {
        nodes.get(nodeId - 1).awaitOutput(STARTED, START_TIMEOUT);
    }

    private String voters() {
        return IntStream.rangeClosed(1, REPLICAS)
                .mapToObj(id -> id + "@127.0.0.1:" + controllerPorts.get(id - 1))
                .collect(Collectors.joining(","));
    }
}
