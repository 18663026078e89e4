package org.jobqueue.tools;

import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.tools.bench.BenchCommand;
import org.jobqueue.tools.broker.BrokerCommand;
import org.jobqueue.tools.demo.DemoCommand;
import org.jobqueue.tools.soak.SoakCommand;
import org.jobqueue.tools.stub.MediaWikiStubCommand;
import picocli.CommandLine;

/**
 * {@code jobqueue} with its tools: the product's commands, and the embedded broker, the stand-in RunSingleJob.php,
 * the demo, the benchmark and the soak, which the production jar does not ship.
 */
public final class JobQueueTools {
    private JobQueueTools() {}

    public static void main(final String[] args) {
        JobQueueCommand.prepareJvm();
        System.exit(commandLine().execute(args));
    }

    /** The product's command line with the tools' subcommands added. */
    public static CommandLine commandLine() {
        return JobQueueCommand.commandLine()
                .addSubcommand(new BrokerCommand())
                .addSubcommand(new MediaWikiStubCommand())
                .addSubcommand(new DemoCommand())
                .addSubcommand(new BenchCommand())
                .addSubcommand(new SoakCommand());
    }
}
