package org.jobqueue.app.replay;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.jobqueue.app.config.ConfigOptions;
import org.jobqueue.app.config.KafkaClientProperties;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue replay}: after a data-centre switch-over, moves this application's committed offsets on a DC's job
 * topics back to a time, and, for another DC, fences that DC's mirrored results so that this DC takes its jobs over.
 */
@Command(
        name = "replay",
        description = {
            "Move the application's committed offsets on DC's job topics (<dc>.mediawiki.job.*) back to the first"
                    + " offset at or after TIME (the brokers' time index), and print, per topic and partition, the"
                    + " old and new offsets and how many records will be re-read.",
            "A partition already before TIME keeps its offset: a replay never skips a job. For another DC than this"
                    + " configuration's dc, it also appends a takeover fence to <dc>.jobqueue.results, so that this"
                    + " DC runs that DC's jobs created up to now, except those whose results were mirrored here.",
            "Refuses while the application's group has live members: stop every 'jobqueue run' of this"
                    + " configuration first.",
            "Exits 0 when done, 1 when refused or the cluster fails, 2 on a bad configuration or TIME."
        },
        mixinStandardHelpOptions = true)
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(
            names = "--dc",
            required = true,
            paramLabel = "DC",
            description = "The data centre whose job topics to replay")
    private String dc;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "TIME",
            description = "ISO-8601 with offset (2026-11-28T10:00:00Z), or a time ago (-15m, -2h)")
    private String from;

    @Option(names = "--dry-run", description = "Print what would move, and change nothing")
    private boolean dryRun;

    private Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws InterruptedException {
        final JobQueueConfig config = configOptions.load();
        final Instant time;
        try {
            time = ReplayTime.parse(from, clock);
        } catch (final IllegalArgumentException bad) {
            return fail(bad.getMessage(), ExitCode.USAGE);
        }
        if (!config.consumeDcs().contains(dc)) {
            return fail(
                    "'" + dc + "' is not in consume_dcs " + config.consumeDcs() + " of " + configOptions.file()
                            + ": add it, or the instances will not read its topics",
                    ExitCode.USAGE);
        }
        try (Admin admin = Admin.create(adminProperties(config))) {
            return replay(config, admin, time);
        } catch (final ReplayRefusedException refused) {
            return fail("replay refused: " + refused.getMessage(), ExitCode.SOFTWARE);
        } catch (final ExecutionException | KafkaException failed) {
            final Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            return fail(
                    "replay failed at " + config.kafka().get("bootstrap.servers") + ": " + cause, ExitCode.SOFTWARE);
        }
    }

    private int replay(final JobQueueConfig config, final Admin admin, final Instant time)
            throws InterruptedException, ExecutionException {
        final OffsetRewind rewind = new OffsetRewind(admin, config.applicationId());
        rewind.refuseWhileLive();
        final ReplayPlan plan = rewind.plan(dc, time);
        final PrintWriter out = spec.commandLine().getOut();
        ReplayReport.print(out, config.applicationId(), dc, time, plan);
        if (dryRun) {
            out.println("dry run: nothing changed");
        } else {
            rewind.apply(plan);
            out.printf(Locale.ROOT, "moved %d partitions%n", plan.newOffsets().size());
            if (!dc.equals(config.dc())) fence(config, admin, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private void fence(final JobQueueConfig config, final Admin admin, final PrintWriter out)
            throws InterruptedException, ExecutionException {
        final String results = config.topicRegistry().results(dc).name();
        final Instant takeover = clock.instant();
        final int partitions =
                new TakeoverFence(admin, producerProperties(config)).write(results, takeover, config.topics());
        out.printf(
                Locale.ROOT,
                "fenced %d partitions of %s: %s takes over %s's jobs created up to %s%n",
                partitions,
                results,
                config.dc(),
                dc,
                takeover);
    }

    private static Map<String, Object> adminProperties(final JobQueueConfig config) {
        final Map<String, Object> properties =
                new HashMap<>(KafkaClientProperties.of(config.kafka(), AdminClientConfig.configNames(), "admin."));
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "jobqueue-replay");
        return properties;
    }

    private static Map<String, Object> producerProperties(final JobQueueConfig config) {
        final Map<String, Object> properties =
                new HashMap<>(KafkaClientProperties.of(config.kafka(), ProducerConfig.configNames(), "producer."));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "jobqueue-replay-fence");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }

    private int fail(final String message, final int exitCode) {
        final PrintWriter err = spec.commandLine().getErr();
        err.println(spec.commandLine().getColorScheme().errorText("jobqueue: " + message));
        err.flush();
        return exitCode;
    }

    /** For tests: the clock that relative times and the takeover time read. */
    ReplayCommand withClock(final Clock testClock) {
        this.clock = testClock;
        return this;
    }
}
