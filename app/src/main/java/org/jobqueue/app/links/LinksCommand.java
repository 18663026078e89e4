package org.jobqueue.app.links;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jobqueue links}: the backlinks that recursive jobs fan out over ({@code <dc>.jobqueue.links}). */
@Command(
        name = "links",
        description = "Manage the backlinks that recursive backlink jobs fan out over (<dc>.jobqueue.links)",
        mixinStandardHelpOptions = true,
        subcommands = {LinksImportCommand.class, HelpCommand.class})
public final class LinksCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
