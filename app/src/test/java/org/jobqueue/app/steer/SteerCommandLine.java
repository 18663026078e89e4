package org.jobqueue.app.steer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.app.kafka.TopicToEnd;

/** Runs {@code jobqueue} commands in this JVM, keeping what they print, and reads topics whole. */
final class SteerCommandLine {
    private final String bootstrapServers;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    SteerCommandLine(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Runs one command; {@link #out()} and {@link #err()} then hold what it printed. */
    int run(final String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return JobQueueCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** A configuration of DC {@code dc} for the broker, in {@code dir}. */
    String config(final Path dir, final String dc) throws IOException {
        return Files.writeString(
                        dir.resolve(dc + ".yaml"),
                        "dc: " + dc + "\n"
                                + "kafka:\n"
                                + "  bootstrap.servers: \"" + bootstrapServers + "\"\n"
                                + "topics: {partitions: 2, replication_factor: 1}\n")
                .toString();
    }

    /** Every record of {@code topic}, partition by partition. */
    List<ConsumerRecord<byte[], byte[]>> readAll(final String topic) {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        new TopicToEnd(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                        false))
                .read(topic, records::add);
        return records;
    }
}
