package org.jobqueue.app.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jobqueue config}: the commands about the configuration file. */
@Command(
        name = "config",
        description = "Check a configuration file",
        mixinStandardHelpOptions = true,
        subcommands = {ConfigCheckCommand.class, HelpCommand.class})
public final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
