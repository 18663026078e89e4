package org.jobqueue.app.executor;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jobqueue.app.admin.AdminOptions;
import org.jobqueue.app.admin.AdminServer;
import org.jobqueue.app.config.ConfigException;
import org.jobqueue.app.config.ConfigOptions;
import org.jobqueue.app.logging.LoggingOptions;
import org.jobqueue.app.metrics.PrometheusMetrics;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.LaneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jobqueue execute}: the executors of one or more lanes, until the process is told to stop. */
@Command(
        name = "execute",
        description = "Run executors for one or more priority lanes",
        mixinStandardHelpOptions = true)
public final class ExecuteCommand implements Callable<Integer> {
    private static final String JMX_DOMAIN = "jobqueue";
    private static final Duration STATE_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ExecuteCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(
            names = "--priority",
            split = ",",
            paramLabel = "P",
            description =
                    "The lanes to run, comma-separated, e.g. high,normal (default: every lane of queue.in_flight)")
    private List<String> priorities;

    @Mixin
    private AdminOptions adminOptions;

    @Mixin
    private LoggingOptions loggingOptions;

    @Override
    public Integer call() throws InterruptedException {
        final JobQueueConfig config = configOptions.load();
        final Set<String> lanes = lanes(config);
        final MetricRegistry registry = new MetricRegistry();
        final JobExecutors executors = new JobExecutors(config, lanes, registry);
        final JmxReporter jmxReporter =
                JmxReporter.forRegistry(registry).inDomain(JMX_DOMAIN).build();
        start(executors);
        jmxReporter.start();
        final CountDownLatch stopRequested = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stop(executors, jmxReporter, stopRequested), "jobqueue-shutdown"));
        announce(config, lanes);
        try (AdminServer admin = adminOptions.start(PrometheusMetrics.of(registry, config), executors::health)) {
            if (admin != null)
                adminOptions.printAddress(admin, spec.commandLine().getOut());
            return runUntilStopped(executors, stopRequested);
        }
    }

    private Set<String> lanes(final JobQueueConfig config) {
        final List<String> configured = config.queue().lanes();
        if (priorities == null || priorities.isEmpty()) return new LinkedHashSet<>(configured);
        for (final String lane : priorities) {
            if (!configured.contains(lane))
                throw new ParameterException(
                        spec.commandLine(),
                        "--priority: unknown lane '" + lane + "' (lanes: " + String.join(", ", configured) + ")");
        }
        return new LinkedHashSet<>(LaneNames.inReleaseOrder(priorities));
    }

    private void start(final JobExecutors executors) {
        try {
            executors.start();
        } catch (final org.apache.kafka.common.config.ConfigException invalidKafkaSetting) {
            throw new ConfigException(
                    configOptions.file() + ": 'kafka': " + invalidKafkaSetting.getMessage(), invalidKafkaSetting);
        }
    }

    private void announce(final JobQueueConfig config, final Set<String> lanes) {
        final PrintWriter out = spec.commandLine().getOut();
        out.println(startLine(config, lanes));
        out.flush();
    }

    static String startLine(final JobQueueConfig config, final Set<String> laneSet) {
        final List<String> lanes = LaneNames.inReleaseOrder(laneSet);
        final String concurrency = lanes.stream()
                .map(lane -> lane + "=" + config.executor().concurrency().get(lane))
                .collect(Collectors.joining(", "));
        return "Executing the " + String.join(", ", lanes) + " lane"
                + (lanes.size() > 1 ? "s" : "") + " against "
                + config.executor().endpoint() + " (concurrency "
                + concurrency + ")";
    }

    private static int runUntilStopped(final JobExecutors executors, final CountDownLatch stopRequested)
            throws InterruptedException {
        while (!stopRequested.await(STATE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            // The shutdown hook counts down before it closes, so a stop it caused is never taken for a failure.
            if (executors.hasFailedLane() && stopRequested.getCount() > 0) {
                log.error("An executor lane stopped on its own; exiting");
                return ExitCode.SOFTWARE;
            }
        }
        return ExitCode.OK;
    }

    private static void stop(
            final JobExecutors executors, final JmxReporter jmxReporter, final CountDownLatch stopRequested) {
        stopRequested.countDown();
        log.info("Stopping the executors");
        executors.close();
        jmxReporter.close();
    }
}
