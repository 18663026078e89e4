package org.jobqueue.app.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Option;

/**
 * {@code --config} and {@code --bootstrap-server}, as a picocli mixin of every command that reads the configuration:
 * {@code --bootstrap-server} overrides {@code kafka.bootstrap.servers}, as with Kafka's own tools.
 */
public final class ConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration file")
    private Path file;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "The Kafka brokers to connect to, comma-separated (overrides kafka.bootstrap.servers)")
    private String bootstrapServer;

    private final Function<String, String> environment;

    public ConfigOptions() {
        this(System::getenv);
    }

    /** Takes {@code ${env:NAME}} from {@code environment}: for tests. */
    ConfigOptions(final Function<String, String> environment) {
        this.environment = environment;
    }

    /** The configuration file, as given. */
    public Path file() {
        return file;
    }

    /** The configuration of {@code --config}, with {@code --bootstrap-server} if given. */
    public JobQueueConfig load() {
        return ConfigLoader.load(file, overrides(), environment);
    }

    private Map<String, String> overrides() {
        return bootstrapServer == null ? Map.of() : Map.of("bootstrap.servers", bootstrapServer);
    }
}
