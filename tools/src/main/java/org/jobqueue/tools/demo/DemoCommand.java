package org.jobqueue.tools.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jobqueue.app.console.ProgressLine;
import org.jobqueue.tools.processes.LogsToFile;
import org.jobqueue.tools.stub.MediaWikiStubCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue demo}: an embedded broker, the topology, the executors, a stand-in {@code RunSingleJob.php} and a
 * realistic stream of jobs in one process, with live progress and a summary.
 */
@Command(
        name = "demo",
        description = {
            "Run everything in one process, with no set-up: an embedded Kafka broker, the job queue, its executors, a"
                    + " stand-in RunSingleJob.php and a realistic stream of jobs (duplicates, replays, delayed jobs,"
                    + " failures, superseded root jobs, and a template edit whose recursive jobs fan out over the"
                    + " template's backlinks). Shows live progress, then a summary.",
            "Exits 0 once every job is accounted for, 1 if --duration runs out first."
        },
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--jobs",
            defaultValue = "2000",
            paramLabel = "N",
            description = "Jobs to produce. Default: ${DEFAULT-VALUE}")
    private int jobs;

    @Option(
            names = "--backlinks",
            defaultValue = "" + DemoPlanner.DEFAULT_BACKLINKS,
            paramLabel = "N",
            description = "Backlinks of the edited Template:Infobox, which its recursive jobs fan out over."
                    + " Default: ${DEFAULT-VALUE}")
    private int backlinks;

    @Option(
            names = "--duration",
            defaultValue = "3m",
            paramLabel = "D",
            converter = MediaWikiStubCommand.DurationConverter.class,
            description = "The longest the demo runs before its summary, e.g. 90s. Default: ${DEFAULT-VALUE}")
    private Duration duration;

    @Option(
            names = "--keep-running",
            description = "After the summary, keep everything up until Ctrl-C, to look around")
    private boolean keepRunning;

    @Option(names = "--seed", hidden = true, defaultValue = "" + DemoOptions.DEFAULT_SEED)
    private long seed;

    @Spec
    private CommandSpec spec;

    private volatile DemoRun lastRun;

    @Override
    public Integer call() throws InterruptedException, IOException {
        final DemoOptions options = options();
        final PrintWriter out = spec.commandLine().getOut();
        final Path logFile = Files.createTempFile("jobqueue-demo-", ".log");
        final DemoRun run;
        try (LogsToFile logging = LogsToFile.redirectTo(logFile)) {
            run = new DemoSession(options, out, logFile).run();
        } catch (final RuntimeException failure) {
            spec.commandLine().getErr().println("jobqueue demo failed; its log is in " + logFile);
            throw failure;
        }
        lastRun = run;
        keepOrDeleteLog(out, logFile, run);
        return run.accountedFor() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    /** The last run's result, or {@code null} before the first has ended. */
    public DemoRun lastRun() {
        return lastRun;
    }

    private DemoOptions options() {
        try {
            return new DemoOptions(jobs, backlinks, duration, keepRunning, seed);
        } catch (final IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        }
    }

    private static void keepOrDeleteLog(final PrintWriter out, final Path logFile, final DemoRun run)
            throws IOException {
        if (run.accountedFor()) {
            Files.deleteIfExists(logFile);
        } else {
            out.println("  The log is in " + logFile);
        }
        out.flush();
    }

    /** One demo from start to stop, closed by Ctrl-C as well as at its end. */
    private static final class DemoSession {
        private final DemoOptions options;
        private final PrintWriter out;
        private final Path logFile;
        private final CountDownLatch interrupted = new CountDownLatch(1);

        DemoSession(final DemoOptions options, final PrintWriter out, final Path logFile) {
            this.options = options;
            this.out = out;
            this.logFile = logFile;
        }

        DemoRun run() throws InterruptedException {
            say("Starting an embedded Kafka broker, jobqueue, its executors and a stand-in RunSingleJob.php"
                    + " (logs: " + logFile + ") ...");
            final Clock clock = Clock.systemUTC();
            try (Demo demo = Demo.start(options, clock)) {
                final Thread hook = new Thread(() -> stop(demo), "jobqueue-demo-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    return runAndReport(demo);
                } finally {
                    removeHook(hook);
                }
            }
        }

        private DemoRun runAndReport(final Demo demo) throws InterruptedException {
            say("Seeding " + options.backlinks() + " backlinks of Template:" + DemoConfig.TEMPLATE_TITLE + " ("
                    + DemoConfig.TEMPLATE_DATABASE + ", " + DemoConfig.TEMPLATE_TABLE + ") to "
                    + DemoConfig.linksTopic()
                    + ", then producing " + options.jobs() + " jobs to demo.mediawiki.job.* over "
                    + DemoPlanner.WINDOW.toSeconds() + " s, among them a recursive refreshLinks and htmlCacheUpdate"
                    + " job of the template; bootstrap.servers=" + demo.bootstrapServers());
            final DemoRun run;
            try (ProgressLine progress = new ProgressLine(out, System.console() != null)) {
                run = demo.run(progress);
            }
            out.print(DemoSummary.of(run));
            out.flush();
            if (options.keepRunning()) keepRunning(demo);
            return run;
        }

        private void keepRunning(final Demo demo) throws InterruptedException {
            say("");
            say("Everything keeps running until Ctrl-C:");
            say("  bootstrap.servers  " + demo.bootstrapServers());
            say("  RunSingleJob.php   " + demo.stubEndpoint());
            say("  the page           " + demo.adminUrl() + "/");
            say("  admin and API      " + demo.adminUrl() + "/api/queue, /metrics, /health");
            say("  job topics         demo.mediawiki.job.<type>; commands in demo.jobqueue.commands.<lane>");
            say("  backlinks          " + DemoConfig.linksTopic() + " (jobqueue links import --file F --config C)");
            final String config = demo.writeCommandConfig().toString();
            say("  configuration      " + config + ", for the commands that steer it, for example:");
            say("                     ./jobqueue dead-letter list --config " + config);
            say("                     ./jobqueue pause --config " + config + " --type refreshLinks");
            say("                     ./jobqueue queue --config " + config);
            interrupted.await();
        }

        private void stop(final Demo demo) {
            interrupted.countDown();
            demo.close();
        }

        private void say(final String line) {
            out.println(line);
            out.flush();
        }

        private static void removeHook(final Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running or has run: it closes the demo.
            }
        }
    }
}
