package org.jobqueue.app.steer;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jobqueue dead-letter}: the jobs that will not run again ({@code <dc>.jobqueue.dead-letter}). */
@Command(
        name = "dead-letter",
        description = "List the dead-lettered jobs (<dc>.jobqueue.dead-letter) and re-enqueue them",
        mixinStandardHelpOptions = true,
        subcommands = {DeadLetterListCommand.class, DeadLetterRetryCommand.class, HelpCommand.class})
public final class DeadLetterCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
