package org.jobqueue.app.api;

import com.sun.net.httpserver.HttpHandler;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.topology.config.JobQueueConfig;

/** The API of one running instance, for its admin server's {@value ApiHandler#PATH}. */
public final class InstanceApi {
    private InstanceApi() {}

    /**
     * The API of the instance {@code self} ({@code application.server}) running {@code streams} with {@code config},
     * read from {@code configFile} (which the steering endpoints pass to their commands).
     */
    public static HttpHandler of(
            final KafkaStreams streams,
            final JobQueueConfig config,
            final Path configFile,
            final HostInfo self,
            final AdminToken token) {
        return new ApiHandler(
                new Deployment(streams, config, self),
                new SteerEndpoints(configFile),
                token,
                System::currentTimeMillis);
    }
}
