package org.jobqueue.tools.processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code jobqueue broker}, a single-node KRaft broker, in a JVM of its own, so that a test or the soak can kill it
 * ({@code kill -9}) and start it again on the same port and data directory, as an operator would restart a crashed
 * broker.
 */
public final class BrokerProcess implements KafkaCluster, AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("bootstrap\\.servers=(\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final int HEAP_MB = 512;

    private final Path dir;
    private final int port = Ports.free();
    private JobQueueProcess process;
    private int starts;
    private Admin admin;

    private BrokerProcess(final Path dir) {
        this.dir = dir;
    }

    /** Starts a broker with its data in {@code dir/broker-data}, and returns once it serves clients. */
    public static BrokerProcess start(final Path dir) {
        final BrokerProcess broker = new BrokerProcess(dir);
        broker.restart();
        return broker;
    }

    /** Starts the broker again after {@link #kill()}, on the same port and data directory. */
    public void restart() {
        if (process != null && process.isAlive()) throw new IllegalStateException("the broker is running");
        starts++;
        process = JobQueueProcess.start(
                "broker-" + starts,
                dir,
                HEAP_MB,
                "broker",
                "--port",
                Integer.toString(port),
                "--dir",
                dir.resolve("broker-data").toString());
        process.awaitOutput(STARTED, START_TIMEOUT);
    }

    /** {@code kill -9}: no controlled shutdown, no flush. */
    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized Admin admin() {
        if (admin == null) admin = Admin.create(clientConfig());
        return admin;
    }

    @Override
    public void close() {
        Utils.closeQuietly(admin, "admin");
        if (process != null) process.stop();
    }
}
