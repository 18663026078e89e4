package org.jobqueue.app.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.admin.AdminOptions;
import org.jobqueue.app.admin.AdminServer;
import org.jobqueue.app.api.Announcer;
import org.jobqueue.app.api.ApiHandler;
import org.jobqueue.app.api.InstanceApi;
import org.jobqueue.app.config.ConfigException;
import org.jobqueue.app.config.ConfigOptions;
import org.jobqueue.app.logging.LoggingOptions;
import org.jobqueue.app.metrics.PrometheusMetrics;
import org.jobqueue.app.page.Page;
import org.jobqueue.topology.config.JobQueueConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;

/** {@code jobqueue run}: one instance of the topology, until the process is told to stop. */
@Command(
        name = "run",
        description = "Run one instance of the job queue; start more with the same config to scale out",
        mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {
    private static final Duration STATE_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    private ConfigOptions configOptions;

    @Mixin
    private AdminOptions adminOptions;

    @Mixin
    private LoggingOptions loggingOptions;

    @Override
    public Integer call() throws InterruptedException {
        final JobQueueConfig config = configOptions.load();
        final JobQueueInstance instance = new JobQueueInstance(config);
        final CountDownLatch stopRequested = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(instance, stopRequested), "jobqueue-shutdown"));
        final PrometheusMetrics metrics =
                PrometheusMetrics.of(instance.metrics().registry(), config);
        try (AdminServer admin = adminOptions.start(metrics, instance::health)) {
            if (admin == null) {
                start(instance, null);
                return runUntilStopped(instance, stopRequested);
            }
            final HostInfo self = adminOptions.advertised(admin);
            start(instance, self);
            metrics.exposeQueueDepths(instance.streams(), config);
            try (InstanceApi api = InstanceApi.start(
                    instance.streams(),
                    config,
                    configOptions.file(),
                    self,
                    adminOptions.token(),
                    instance.metrics().registry(),
                    () -> instance.health().reasons())) {
                admin.serve(ApiHandler.PATH, api.handler());
                admin.serve(Page.PATH, Page.of(api.reads()));
                // Before the announcement, which waits for the broker: /health is to be seen while still rebalancing.
                adminOptions.printAddress(admin, new PrintWriter(System.out, true));
                try (Announcer announcer =
                        Announcer.announce(config, self, "http://" + self.host() + ":" + self.port())) {
                    return runUntilStopped(instance, stopRequested);
                }
            }
        }
    }

    private void start(final JobQueueInstance instance, final HostInfo self) {
        try {
            instance.start(self);
        } catch (final org.apache.kafka.common.config.ConfigException invalidKafkaSetting) {
            throw new ConfigException(
                    configOptions.file() + ": 'kafka': " + invalidKafkaSetting.getMessage(), invalidKafkaSetting);
        }
    }

    private static int runUntilStopped(final JobQueueInstance instance, final CountDownLatch stopRequested)
            throws InterruptedException {
        while (!stopRequested.await(STATE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            final KafkaStreams.State state = instance.state();
            // The shutdown hook counts down before it closes, so a stop it caused is never taken for a failure.
            if (hasStopped(state) && stopRequested.getCount() > 0) {
                log.error("Kafka Streams stopped on its own (state {}); exiting", state);
                return ExitCode.SOFTWARE;
            }
        }
        return ExitCode.OK;
    }

    private static boolean hasStopped(final KafkaStreams.State state) {
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING;
    }

    private static void stop(final JobQueueInstance instance, final CountDownLatch stopRequested) {
        stopRequested.countDown();
        log.info("Stopping");
        instance.close();
    }
}
