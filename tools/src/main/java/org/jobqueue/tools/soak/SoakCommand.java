package org.jobqueue.tools.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import org.jobqueue.app.console.ProgressLine;
import org.jobqueue.tools.processes.LogsToFile;
import org.jobqueue.tools.stub.MediaWikiStubCommand.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue soak}: a steady mixed load with fan-out, delayed jobs and failures through real processes while a
 * {@code run} instance and the broker are killed at intervals; then a count of what was lost or done twice.
 */
@Command(
        name = "soak",
        description = {
            "Run the whole product for a while under faults, each piece a process of its own: a broker (jobqueue"
                    + " broker), two run instances, execute, and a stand-in RunSingleJob.php that fails at --fail-rate"
                    + " and logs every job it runs. A steady mixed load (sha1 duplicates, delayed jobs, jobs that fail"
                    + " once or always, recursive backlink jobs over links the soak writes) is offered for --minutes,"
                    + " while a run instance is killed (kill -9) and restarted every --kill-every and the broker every"
                    + " --bounce-every. Then it waits for the queue to drain and reports jobs produced, executed,"
                    + " duplicated, dead-lettered and lost.",
            "Exits 0 when nothing was lost and no command was emitted twice, 1 otherwise."
        },
        mixinStandardHelpOptions = true)
public final class SoakCommand implements Callable<Integer> {

    @Option(
            names = "--minutes",
            required = true,
            paramLabel = "N",
            description = "How long the load runs, in minutes (then the soak waits for the queue to drain)")
    private int minutes;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where the processes keep their data and logs (kept). Default: a temporary directory,"
                    + " deleted at the end unless --keep or the soak failed")
    private Path workDir;

    @Option(names = "--keep", description = "Keep the temporary work directory")
    private boolean keep;

    @Option(
            names = "--rate",
            defaultValue = "200",
            paramLabel = "N",
            description = "Jobs offered per second. Default: ${DEFAULT-VALUE}")
    private int rate;

    @Option(
            names = "--kill-every",
            defaultValue = "5m",
            paramLabel = "D",
            converter = DurationConverter.class,
            description =
                    "Kill a run instance (kill -9) and restart it this often; 0: never. Default: ${DEFAULT-VALUE}")
    private Duration killEvery;

    @Option(
            names = "--bounce-every",
            defaultValue = "7m",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Kill the broker (kill -9) and restart it this often; 0: never. Default: ${DEFAULT-VALUE}")
    private Duration bounceEvery;

    @Option(
            names = "--fail-rate",
            defaultValue = "0.02",
            paramLabel = "R",
            description = "Share of requests the stub answers with a 500 at random. Default: ${DEFAULT-VALUE}")
    private double failRate;

    @Option(
            names = "--drain-timeout",
            defaultValue = "10m",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "The longest wait for the queue to drain after the load. Default: ${DEFAULT-VALUE}")
    private Duration drainTimeout;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report as JSON to FILE")
    private Path out;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        final SoakOptions options = options();
        final PrintWriter console = spec.commandLine().getOut();
        final Path dir = options.workDir() != null
                ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("jobqueue-soak-");
        final Path log = dir.resolve("soak.log");
        final SoakReport report;
        final Thread orphans = new Thread(SoakCommand::killChildren, "jobqueue-soak-shutdown");
        Runtime.getRuntime().addShutdownHook(orphans);
        try (LogsToFile logging = LogsToFile.redirectTo(log);
                ProgressLine progress = new ProgressLine(console, System.console() != null)) {
            report = new Soak(options, dir, progress).run();
        } catch (final RuntimeException failure) {
            spec.commandLine().getErr().println("jobqueue soak failed; its processes' logs are in " + dir);
            throw failure;
        } finally {
            killChildren();
            removeHook(orphans);
        }
        console.print(report.table());
        if (options.out() != null) {
            report.write(options.out());
            console.println("  The report is in " + options.out());
        }
        keepOrDelete(console, options, dir, report.passed());
        console.flush();
        return report.passed() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    /** The options as given, checked. */
    SoakOptions options() {
        try {
            return new SoakOptions(minutes, workDir, keep, rate, killEvery, bounceEvery, failRate, drainTimeout, out);
        } catch (final IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        }
    }

    /** Ends the processes this one started and left behind (after Ctrl-C, or a failure). */
    private static void killChildren() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException shuttingDown) {
            // The hook is running or has run.
        }
    }

    private static void keepOrDelete(
            final PrintWriter console, final SoakOptions options, final Path dir, final boolean passed)
            throws IOException {
        if (options.workDir() == null && !options.keep() && passed) {
            Utils.delete(dir.toFile());
        } else {
            console.println("  The processes' data and logs are in " + dir);
        }
    }
}
