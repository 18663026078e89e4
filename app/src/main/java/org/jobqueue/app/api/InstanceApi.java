package org.jobqueue.app.api;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.rates.CounterSampler;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The API of one running instance, for its admin server's {@value ApiHandler#PATH}, and the same reads in process for
 * the web page. Closing stops sampling the instance's counters.
 */
public final class InstanceApi implements AutoCloseable {
    private final ApiHandler handler;
    private final PageReads reads;
    private final CounterSampler sampler;

    private InstanceApi(final ApiHandler handler, final PageReads reads, final CounterSampler sampler) {
        this.handler = handler;
        this.reads = reads;
        this.sampler = sampler;
    }

    /**
     * The API of the instance {@code self} ({@code application.server}) running {@code streams} with {@code config},
     * read from {@code configFile} (which the steering endpoints pass to their commands); it starts sampling the
     * counters of {@code registry} for the rates, and reports why the instance is not ready ({@code notReady}: as
     * {@code /health} says; empty when it is).
     */
    public static InstanceApi start(
            final KafkaStreams streams,
            final JobQueueConfig config,
            final Path configFile,
            final HostInfo self,
            final AdminToken token,
            final MetricRegistry registry,
            final Supplier<List<String>> notReady) {
        final LongSupplier clock = System::currentTimeMillis;
        final Deployment deployment = new Deployment(streams, config, self);
        final SteerEndpoints steering =
                new SteerEndpoints(configFile, config.kafka().get("bootstrap.servers"));
        final CounterSampler sampler = CounterSampler.start(registry);
        final InstanceReads instances = new InstanceReads(
                deployment,
                streams,
                JobQueueTopology.queuePartitionsTopic(config),
                self.host() + ":" + self.port(),
                notReady,
                registry,
                sampler);
        final Inspection inspection = new Inspection(deployment);
        return new InstanceApi(
                new ApiHandler(deployment, instances, steering, token, clock),
                new PageReads(inspection, instances, steering, config, clock),
                sampler);
    }

    /** The handler of {@value ApiHandler#PATH}. */
    public HttpHandler handler() {
        return handler;
    }

    /** The API's reads, for the web page. */
    public PageReads reads() {
        return reads;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
