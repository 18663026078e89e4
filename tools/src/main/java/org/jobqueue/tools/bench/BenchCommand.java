package org.jobqueue.tools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jobqueue.topology.config.ProcessingGuarantee;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue bench}: runs every scenario against one broker, each topology in a worker JVM of its own, and prints
 * the figures as a table and writes them as JSON, each with its conditions.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks jobqueue against a plain Kafka Streams pass-through of the same events, on this machine:",
            "a. pass-through baseline, b. dispatcher throughput, c. latency at a fixed rate, d. fan-out,",
            "e. delayed jobs, f. end to end through real executors and a no-op HTTP endpoint, g. the high lane's",
            "latency while the low lane is flooded; a, b, c and f under both exactly_once_v2 and at_least_once."
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "A tenth of the sizes and shorter windows (under 4 minutes).")
    private boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the JSON (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("bench-results.json");

    @Option(
            names = "--bootstrap",
            paramLabel = "SERVERS",
            description = "A Kafka cluster to run against instead of an embedded broker.")
    private String bootstrap;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "SCENARIO",
            description = "Run only these scenarios (a,b,c,d,e,f,g; b and f need a, which runs with them).")
    private Set<String> only;

    @Option(
            names = "--tiny",
            hidden = true,
            description = "Tiny counts: checks that the harness runs, measures nothing.")
    private boolean tiny;

    @Option(
            names = "--latency-rate",
            paramLabel = "N",
            description = "Events per second offered in the latency scenario (default: 2000).")
    private Integer latencyRate;

    @Option(
            names = "--profile",
            description = {
                "Record a JFR profile of every worker JVM (in the work directory), and report per scenario the",
                "topology JVM's CPU-seconds per 100k jobs, state store reads and writes and records sent per job."
            })
    private boolean profile;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            description =
                    "Kafka Streams threads of the topology JVM (default: ${DEFAULT-VALUE}, the product's default).")
    private int streamThreads = 1;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Broker data, state, worker logs and profiles (default: a new temporary directory).")
    private Path workDir;

    private BenchSettings settings;
    private BenchReport lastReport;

    /** Runs with {@code settings} instead of the quick or full sizes (the smoke test's tiny counts). */
    public BenchCommand withSettings(final BenchSettings tiny) {
        this.settings = tiny;
        return this;
    }

    BenchReport lastReport() {
        return lastReport;
    }

    @Override
    public Integer call() {
        final BenchSettings sizes = settings != null
                ? settings
                : tiny ? BenchSettings.tiny() : quick ? BenchSettings.quick() : BenchSettings.full();
        final BenchSettings measured = latencyRate == null ? sizes : sizes.withLatencyRate(latencyRate);
        final Path dir = workDir != null ? workDir : temporaryDirectory();
        final PrintWriter printer = spec.commandLine().getOut();
        final long started = System.nanoTime();
        try (BenchEnvironment environment = BenchEnvironment.start(dir, bootstrap)) {
            final BenchReport report = new BenchReport(Conditions.machine(measured, environment, streamThreads));
            report.command(commandLine());
            report.notes(measured.caveats());
            lastReport = report;
            final BenchRun run = new BenchRun(environment, measured, report, profile, streamThreads);
            runScenarios(run, printer);
            report.printTable(printer);
            report.writeJson(out);
            printer.printf(
                    "%nbench (%s) took %.1f min; JSON in %s; work directory %s%n",
                    sizes.name(), (System.nanoTime() - started) / 60e9, out.toAbsolutePath(), dir);
        } finally {
            if (workDir == null && !profile) deleteRecursively(dir);
        }
        return 0;
    }

    private void runScenarios(final BenchRun run, final PrintWriter printer) {
        final Map<ProcessingGuarantee, Double> capacities = new LinkedHashMap<>();
        for (final ProcessingGuarantee guarantee : run.settings.guarantees()) {
            double baseline = 0;
            if (wanted("a") || wanted("b") || wanted("f")) {
                progress(printer, "a pass-through baseline, " + guarantee.streamsValue());
                baseline = PassThroughBaseline.run(run, guarantee);
            }
            if (wanted("b")) {
                progress(printer, "b dispatcher throughput, " + guarantee.streamsValue());
                capacities.put(guarantee, DispatcherThroughput.run(run, guarantee, baseline));
            }
            if (wanted("c")) {
                progress(printer, "c latency, " + guarantee.streamsValue());
                Latency.run(run, guarantee, capacities.get(guarantee));
            }
            if (wanted("f")) {
                progress(printer, "f end to end, " + guarantee.streamsValue());
                EndToEnd.run(run, guarantee, baseline);
            }
        }
        if (wanted("d")) {
            progress(printer, "d fan-out");
            Fanout.run(run);
        }
        if (wanted("e")) {
            progress(printer, "e delayed");
            Delayed.run(run);
        }
        if (wanted("g")) {
            progress(printer, "g lanes under load");
            LanesUnderLoad.run(run, capacities.get(ProcessingGuarantee.EXACTLY_ONCE_V2));
        }
    }

    private boolean wanted(final String scenario) {
        return only == null || only.isEmpty() || only.contains(scenario);
    }

    private void progress(final PrintWriter printer, final String scenario) {
        // What is done so far is on disk, should a later scenario fail or be stopped.
        if (lastReport != null) lastReport.writeJson(out);
        printer.printf("%tT %s…%n", System.currentTimeMillis(), scenario);
        printer.flush();
    }

    private String commandLine() {
        final List<String> args = spec.commandLine().getParseResult().originalArgs();
        // From the root command, the arguments start with the subcommand's own name.
        final List<String> own = !args.isEmpty() && "bench".equals(args.get(0)) ? args.subList(1, args.size()) : args;
        return String.join(
                " ", Stream.concat(Stream.of("jobqueue", "bench"), own.stream()).toList());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("jobqueue-bench-");
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create the bench's directory", e);
        }
    }

    private static void deleteRecursively(final Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            // Left for the operating system's temporary-file cleaning.
        }
    }
}
