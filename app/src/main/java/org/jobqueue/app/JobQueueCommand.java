package org.jobqueue.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import org.jobqueue.app.config.ConfigCommand;
import org.jobqueue.app.config.ConfigException;
import org.jobqueue.app.executor.ExecuteCommand;
import org.jobqueue.app.inspect.JobsCommand;
import org.jobqueue.app.inspect.PeriodicCommand;
import org.jobqueue.app.inspect.QueueCommand;
import org.jobqueue.app.replay.ReplayCommand;
import org.jobqueue.app.run.RunCommand;
import org.jobqueue.app.run.StartupException;
import org.jobqueue.app.steer.ControlCommand;
import org.jobqueue.app.steer.DeadLetterCommand;
import org.jobqueue.app.steer.DropCommand;
import org.jobqueue.app.steer.PauseCommand;
import org.jobqueue.app.steer.ResumeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code jobqueue}: the command line of the Kafka Streams job queue for MediaWiki. */
@Command(
        name = "jobqueue",
        description = "A Kafka Streams job queue for MediaWiki.",
        mixinStandardHelpOptions = true,
        versionProvider = JobQueueCommand.Version.class,
        subcommands = {
            RunCommand.class,
            ExecuteCommand.class,
            org.jobqueue.app.links.LinksCommand.class,
            ReplayCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            DropCommand.class,
            ControlCommand.class,
            DeadLetterCommand.class,
            QueueCommand.class,
            PeriodicCommand.class,
            JobsCommand.class,
            ConfigCommand.class,
            HelpCommand.class
        })
public final class JobQueueCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(final String[] args) {
        prepareJvm();
        System.exit(commandLine().execute(args));
    }

    /**
     * Call first in {@code main}. The JDK's HTTP client completes every asynchronous call through
     * CompletableFuture's default executor, which on fewer than three cores is a new thread per task: the executor
     * would start (and end) a thread per job. A common pool of two threads takes those tasks instead.
     */
    public static void prepareJvm() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null
                && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }

    /** The command line, with jobqueue's handling of configuration and start-up errors. */
    public static CommandLine commandLine() {
        return new CommandLine(new JobQueueCommand()).setExecutionExceptionHandler(JobQueueCommand::reportFailure);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    // Errors the operator can fix get one line, not a stack trace.
    private static int reportFailure(final Exception failure, final CommandLine command, final ParseResult parsed)
            throws Exception {
        if (!(failure instanceof ConfigException) && !(failure instanceof StartupException)) throw failure;
        command.getErr().println(command.getColorScheme().errorText("jobqueue: " + failure.getMessage()));
        return failure instanceof ConfigException ? ExitCode.USAGE : ExitCode.SOFTWARE;
    }

    /** The versions of jobqueue, of Kafka and of Java. */
    static final class Version implements IVersionProvider {
        private static final String VERSION_RESOURCE = "/org/jobqueue/app/version.properties";

        @Override
        public String[] getVersion() {
            return new String[] {
                "jobqueue " + jobqueueVersion(), "Kafka " + AppInfoParser.getVersion(), "Java " + Runtime.version()
            };
        }

        private static String jobqueueVersion() {
            try (InputStream resource = JobQueueCommand.class.getResourceAsStream(VERSION_RESOURCE)) {
                final Properties properties = new Properties();
                if (resource != null) properties.load(resource);
                return properties.getProperty("version", "unknown");
            } catch (final IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    }
}
