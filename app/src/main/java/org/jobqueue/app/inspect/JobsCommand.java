package org.jobqueue.app.inspect;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jobqueue jobs}: the parent of {@code jobs show} and {@code jobs list}. */
@Command(
        name = "jobs",
        header = "Show one job, or list the jobs of a type in a state",
        mixinStandardHelpOptions = true,
        subcommands = {JobsShowCommand.class, JobsListCommand.class})
public final class JobsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: show or list");
    }
}
