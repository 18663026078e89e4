package org.jobqueue.tools.stub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jobqueue.topology.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code jobqueue mediawiki-stub}: a stand-in {@code RunSingleJob.php} that runs until the process is told to stop. */
@Command(
        name = "mediawiki-stub",
        description = {
            "Run a stand-in for MediaWiki's rpc/RunSingleJob.php on 127.0.0.1, for local runs and tests.",
            "",
            "A POSTed job event gets 200 {\"status\":true}, or 500 at --fail-rate. Anything but POST gets 405;"
                    + " an empty or unparseable body, or one without 'database', gets 422; with --secret, a missing"
                    + " or wrong mediawiki_signature gets 403.",
            "",
            "Failure hooks, by the event's params.stub_fail:",
            "  always    500 every time",
            "  once      500 the first time its meta.id is seen, then 200",
            "  readonly  500 with X-Readonly: true the first time its meta.id is seen, then 200",
            ""
        },
        mixinStandardHelpOptions = true)
public final class MediaWikiStubCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port to listen on, on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}")
    private int port;

    @Option(
            names = "--fail-rate",
            defaultValue = "0",
            paramLabel = "R",
            description = "Share of jobs answered 500 at random, 0 to 1. Default: ${DEFAULT-VALUE}")
    private double failRate;

    @Option(
            names = "--latency",
            defaultValue = "0ms",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How long each request waits before its answer, e.g. 50ms. Default: ${DEFAULT-VALUE}")
    private Duration latency;

    @Option(
            names = "--secret",
            paramLabel = "S",
            description = "Check each event's mediawiki_signature (HMAC-SHA1 keyed by S), as EventBus signs it")
    private String secret;

    @Option(names = "--log", paramLabel = "FILE", description = "Append one JSON line per executed job to FILE")
    private Path log;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final MediaWikiStub stub = MediaWikiStub.start(options());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stub, stopped), "mediawiki-stub-shutdown"));
        spec.commandLine().getOut().println("RunSingleJob.php stand-in listening on " + stub.endpoint());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private StubOptions options() {
        try {
            return new StubOptions(port, failRate, latency, secret, log);
        } catch (final IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        }
    }

    private static void stop(final MediaWikiStub stub, final CountDownLatch stopped) {
        try {
            stub.close();
        } finally {
            stopped.countDown();
        }
    }

    /** Reads durations the way the configuration does: {@code 50ms}, {@code 2s}, {@code 1m}. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(final String text) {
            try {
                return Durations.parse(text);
            } catch (final IllegalArgumentException invalid) {
                throw new TypeConversionException(invalid.getMessage());
            }
        }
    }
}
