package org.jobqueue.app.config;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue config check}: validates a configuration file without connecting anywhere and prints the effective
 * configuration, secrets masked. A bad file is a {@link ConfigException}: one line naming the key, exit 2.
 */
@Command(
        name = "check",
        description = "Validate a configuration file and print the effective configuration (defaults filled in,"
                + " secrets masked)",
        mixinStandardHelpOptions = true)
public final class ConfigCheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private final ConfigOptions configOptions;

    public ConfigCheckCommand() {
        this(new ConfigOptions());
    }

    ConfigCheckCommand(final ConfigOptions configOptions) {
        this.configOptions = configOptions;
    }

    @Override
    public Integer call() {
        final JobQueueConfig config = configOptions.load();
        final PrintWriter out = spec.commandLine().getOut();
        out.print(EffectiveConfig.yaml(config));
        out.flush();
        return ExitCode.OK;
    }
}
