package org.jobqueue.app.steer;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.jobqueue.app.config.ConfigException;
import org.jobqueue.app.config.ConfigOptions;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the commands that look inside the queue and steer it share: {@code --config}, the clock, and the handling of
 * failures (a bad configuration exits 2, an unreachable or failing cluster 1, each with one line on stderr).
 */
abstract class SteerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    private final Clock clock = Clock.systemUTC();

    @Override
    public final Integer call() throws InterruptedException {
        final JobQueueConfig config = configOptions.load();
        try {
            return run(config);
        } catch (final SteerException refused) {
            return fail(refused.getMessage(), ExitCode.SOFTWARE);
        } catch (final org.apache.kafka.common.config.ConfigException invalidKafkaSetting) {
            throw new ConfigException(
                    configOptions.file() + ": 'kafka': " + invalidKafkaSetting.getMessage(), invalidKafkaSetting);
        } catch (final KafkaException failed) {
            return fail(
                    "cannot " + whatItDoes() + " at " + SteerClients.bootstrap(config) + ": " + failed.getMessage(),
                    ExitCode.SOFTWARE);
        }
    }

    /** Does the work and returns the exit code; failures are {@link SteerException}s or {@link KafkaException}s. */
    abstract int run(JobQueueConfig config) throws InterruptedException;

    /** What the command does, for "cannot ... at <bootstrap.servers>". */
    abstract String whatItDoes();

    final CommandSpec spec() {
        return spec;
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    final Instant now() {
        return clock.instant();
    }

    final ParameterException usage(final String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code text} as a time, or a usage error that says what a TIME is. */
    final Instant time(final String text, final SteerTime.Direction direction, final String option) {
        try {
            return SteerTime.parse(text, direction, clock, option);
        } catch (final IllegalArgumentException bad) {
            throw usage(bad.getMessage());
        }
    }

    final int fail(final String message, final int exitCode) {
        err().println(spec.commandLine().getColorScheme().errorText("jobqueue: " + message));
        err().flush();
        return exitCode;
    }
}
