package org.jobqueue.tools.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jobqueue.app.run.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobqueue broker}: an embedded single-node KRaft broker that runs until the process is told to stop. */
@Command(
        name = "broker",
        description = "Run an embedded single-node KRaft broker for local use",
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
        try {
            return EmbeddedBroker.start(port, dir);
        } catch (final RuntimeException e) {
            throw new StartupException(
                    "cannot start a broker on 127.0.0.1:" + port + " with data in " + dir + ": " + rootCause(e), e);
        }
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
