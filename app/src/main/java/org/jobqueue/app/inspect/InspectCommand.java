package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.jobqueue.app.config.ConfigException;
import org.jobqueue.app.config.ConfigOptions;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the commands that ask a running deployment share: {@code --config}, {@code --admin}, finding one instance that
 * answers, and the handling of failures (a bad configuration or flag exits 2, no answer 1, with one line on stderr).
 */
abstract class InspectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(
            names = "--admin",
            paramLabel = "URL",
            description = "Ask the instance at URL instead of one announced on <dc>.jobqueue.instances")
    private URI admin;

    @Override
    public final Integer call() throws InterruptedException {
        final JobQueueConfig config = configOptions.load();
        checkFlags();
        try {
            return run(api(config));
        } catch (final InspectException failed) {
            return fail(failed.getMessage());
        } catch (final org.apache.kafka.common.config.ConfigException invalidKafkaSetting) {
            throw new ConfigException(
                    configOptions.file() + ": 'kafka': " + invalidKafkaSetting.getMessage(), invalidKafkaSetting);
        } catch (final KafkaException failed) {
            return fail("cannot read " + Instances.topic(config) + " at " + Instances.bootstrap(config) + ": "
                    + failed.getMessage());
        }
    }

    /** Throws a {@link #usage} error for flags that do not go together, before anything is asked. */
    void checkFlags() {}

    /** Asks the deployment and prints the answer; returns the exit code. */
    abstract int run(AdminApi api) throws InterruptedException;

    private AdminApi api(final JobQueueConfig config) {
        final List<URI> candidates = admin != null ? List.of(admin) : new Instances(config).adminAddresses();
        if (candidates.isEmpty()) {
            throw new InspectException("no jobqueue instance is announced on " + Instances.topic(config)
                    + "; is 'jobqueue run' started with --admin-port?");
        }
        final String where = admin != null ? "" : " (announced on " + Instances.topic(config) + ")";
        return new AdminApi(candidates, where);
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    final ParameterException usage(final String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Warns on stderr when some partitions did not answer; the answer is still printed. */
    final void warnIfPartial(final JsonNode answer) {
        final String warning = Partial.warning(answer);
        if (warning != null) {
            err().println("jobqueue: " + warning);
            err().flush();
        }
    }

    final int fail(final String message) {
        err().println(spec.commandLine().getColorScheme().errorText("jobqueue: " + message));
        err().flush();
        return ExitCode.SOFTWARE;
    }
}
