package org.jobqueue.tools.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jobqueue.app.run.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue broker}: an embedded KRaft broker that runs until the process is told to stop; a single-node cluster,
 * or with {@code --voters} one node of a cluster of several (each node a process of its own).
 */
@Command(
        name = "broker",
        description = "Run an embedded KRaft broker for local use: a single node, or one node of a cluster (--voters)",
        mixinStandardHelpOptions = true)
public final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Port to listen on, on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}")
    private int port;

    @Option(
            names = "--dir",
            defaultValue = "./.jobqueue/broker",
            description = "Data directory; reused across restarts. Default: ${DEFAULT-VALUE}")
    private Path dir;

    @Option(
            names = "--node-id",
            defaultValue = "1",
            description = "This node's id in a cluster of several. Default: ${DEFAULT-VALUE}")
    private int nodeId;

    @Option(
            names = "--controller-port",
            defaultValue = "0",
            description = "This node's controller port, which --voters lists (0: any free port, single node only)")
    private int controllerPort;

    @Option(
            names = "--voters",
            description = "The controller quorum of a cluster of several, as id@127.0.0.1:controllerPort,...")
    private String voters;

    @Option(
            names = "--cluster-id",
            description = "The cluster id every node of a cluster of several is formatted with (a Kafka Uuid)")
    private String clusterId;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final EmbeddedBroker broker = startBroker();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker, stopped), "jobqueue-broker-shutdown"));
        spec.commandLine().getOut().println("bootstrap.servers=" + broker.bootstrapServers());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    // A taken port or an unusable directory is the operator's to fix: one line, not a stack trace.
    private EmbeddedBroker startBroker() {
        final EmbeddedBroker.Node node = voters == null ? null : clusterNode();
        try {
            return node == null ? EmbeddedBroker.start(port, dir) : EmbeddedBroker.start(node, dir);
        } catch (final RuntimeException e) {
            throw new StartupException(
                    "cannot start a broker on 127.0.0.1:" + port + " with data in " + dir + ": " + rootCause(e), e);
        }
    }

    private EmbeddedBroker.Node clusterNode() {
        if (port == 0 || controllerPort == 0 || clusterId == null) {
            throw new ParameterException(
                    spec.commandLine(), "--voters needs a fixed --port, a fixed --controller-port and --cluster-id");
        }
        return new EmbeddedBroker.Node(nodeId, port, controllerPort, voters, voters.split(",").length, clusterId);
    }

    private static String rootCause(final Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static void stop(final EmbeddedBroker broker, final CountDownLatch stopped) {
        try {
            broker.close();
        } finally {
            stopped.countDown();
        }
    }
}
