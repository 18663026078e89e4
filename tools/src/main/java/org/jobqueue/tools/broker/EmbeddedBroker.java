package org.jobqueue.tools.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka node (combined broker and controller) in this process: a single-node cluster for local use and the
 * demo, or one node of a cluster of several (see {@link Node}) for tests that kill a broker of a replicated cluster.
 *
 * <p>Its data lives in one directory and survives restarts: the storage is formatted only when the directory holds no
 * {@code meta.properties}. A single node's internal topics have replication factor 1 and min ISR 1, so {@code
 * exactly_once_v2} works on it; in a cluster of three or more they have three replicas and min ISR 2. Topics are never
 * created automatically.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(final KafkaRaftServer server, final int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * One node of a cluster: its id, its ports on 127.0.0.1, the controller quorum ({@code id@host:port,...}, every
     * node's controller listener), and the cluster id every node is formatted with.
     */
    public record Node(int nodeId, int port, int controllerPort, String voters, int clusterSize, String clusterId) {
        /** The node of a single-node cluster on {@code port} ({@code 0}: any free port). */
        public static Node single(final int port) {
            final int controllerPort = freePort();
            return new Node(
                    1,
                    port == 0 ? freePort() : port,
                    controllerPort,
                    "1@" + HOST + ":" + controllerPort,
                    1,
                    Uuid.randomUuid().toString());
        }
    }

    /**
     * Starts a single-node broker on {@code 127.0.0.1:port} ({@code 0}: any free port) with its data in {@code dir},
     * and returns once it serves clients.
     */
    public static EmbeddedBroker start(final int port, final Path dir) {
        return start(Node.single(port), dir);
    }

    /**
     * Starts {@code node} with its data in {@code dir}, and returns once it serves clients: in a cluster of several,
     * once a quorum of the controllers is up.
     */
    public static EmbeddedBroker start(final Node node, final Path dir) {
        final Path dataDir = createDirectories(dir.toAbsolutePath());
        final int brokerPort = node.port();
        final Map<String, String> properties = brokerProperties(node, dataDir);
        formatUnlessFormatted(properties, dataDir, node.clusterId());
        final KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        startOrShutDown(server);
        LOG.info("Embedded Kafka broker serving on {}:{}, data in {}", HOST, brokerPort, dataDir);
        return new EmbeddedBroker(server, brokerPort);
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Shuts the broker down cleanly and waits until it has stopped. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers());
    }

    private static void startOrShutDown(final KafkaRaftServer server) {
        try {
            server.startup();
        } catch (final RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    private static Map<String, String> brokerProperties(final Node node, final Path dataDir) {
        final int brokerPort = node.port();
        final int controllerPort = node.controllerPort();
        final String replicas = node.clusterSize() >= 3 ? "3" : "1";
        final String minIsr = node.clusterSize() >= 3 ? "2" : "1";
        return Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(node.nodeId())),
                Map.entry("controller.quorum.voters", node.voters()),
                Map.entry(
                        "listeners",
                        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dataDir.toString()),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minIsr),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("group.streams.initial.rebalance.delay.ms", "0"),
                // The log cleaner's default 128 MiB buffer is sized for production brokers, not one in an app's heap.
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024)));
    }

    /** Formats the storage like {@code kafka-storage.sh format}, unless {@code dataDir} already holds a node. */
    private static void formatUnlessFormatted(
            final Map<String, String> properties, final Path dataDir, final String clusterId) {
        if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
            LOG.info("Reusing the formatted storage in {}", dataDir);
            return;
        }
        final Path configFile = writeTemporaryConfig(properties);
        try {
            final ByteArrayOutputStream output = new ByteArrayOutputStream();
            final int exitCode = StorageTool.execute(
                    new String[] {"format", "--config", configFile.toString(), "--cluster-id", clusterId},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            final String report = output.toString(StandardCharsets.UTF_8).trim();
            if (exitCode != 0) throw new IllegalStateException("Formatting " + dataDir + " failed: " + report);
            LOG.info("Formatted {} for cluster {}", dataDir, clusterId);
            LOG.debug("kafka-storage format: {}", report);
        } finally {
            deleteQuietly(configFile);
        }
    }

    private static Path writeTemporaryConfig(final Map<String, String> properties) {
        try {
            final Path file = Files.createTempFile("jobqueue-broker-", ".properties");
            final Properties props = new Properties();
            props.putAll(properties);
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(writer, "jobqueue embedded broker");
            }
            return file;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write the broker configuration for formatting", e);
        }
    }

    /**
     * A port that is free now. Another process could take it before the broker binds it; that race is acceptable for
     * a local broker and keeps the quorum configuration static.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static Path createDirectories(final Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create the broker directory " + dir, e);
        }
    }

    private static void deleteQuietly(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            LOG.debug("Could not delete {}", file, e);
        }
    }
}
