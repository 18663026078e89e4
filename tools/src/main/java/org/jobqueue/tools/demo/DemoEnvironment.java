package org.jobqueue.tools.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.admin.AdminServer;
import org.jobqueue.app.api.AdminToken;
import org.jobqueue.app.api.Announcer;
import org.jobqueue.app.api.ApiHandler;
import org.jobqueue.app.api.InstanceApi;
import org.jobqueue.app.executor.JobExecutors;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.app.metrics.PrometheusMetrics;
import org.jobqueue.app.page.Page;
import org.jobqueue.app.run.JobQueueInstance;
import org.jobqueue.tools.broker.EmbeddedBroker;
import org.jobqueue.tools.events.JobTypes;
import org.jobqueue.tools.stub.MediaWikiStub;
import org.jobqueue.tools.stub.StubOptions;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the demo runs, in one process and one temporary directory: an embedded broker, the stand-in
 * {@code RunSingleJob.php}, the job topics, a jobqueue instance and the executors of every lane. Closing stops them in
 * reverse order and deletes the directory.
 */
final class DemoEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoEnvironment.class);
    private static final String ADMIN_ADDRESS = "127.0.0.1";
    private static final Duration STUB_LATENCY = Duration.ofMillis(10);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedBroker broker;
    private MediaWikiStub stub;
    private JobQueueInstance instance;
    private URI adminUrl;
    private JobExecutors executors;
    private boolean closed;

    private DemoEnvironment(final Path dir) {
        this.dir = dir;
    }

    /** Starts everything and returns once the instance processes; stops what it started if any part fails. */
    static DemoEnvironment start() {
        final DemoEnvironment environment = new DemoEnvironment(createTemporaryDirectory());
        try {
            environment.startAll();
            return environment;
        } catch (final RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    URI stubEndpoint() {
        return stub.endpoint();
    }

    MediaWikiStub stub() {
        return stub;
    }

    JobQueueMetrics metrics() {
        return instance.metrics();
    }

    /**
     * A configuration file for the commands that steer and inspect a running deployment ({@code jobqueue control},
     * {@code pause}, {@code dead-letter list}...): the demo's data centre and broker. Deleted with the demo.
     */
    Path writeCommandConfig() {
        final Path file = dir.resolve("jobqueue-demo.yaml");
        try {
            Files.writeString(
                    file, "dc: " + DemoConfig.DC + "\nkafka: {bootstrap.servers: \"" + bootstrapServers() + "\"}\n");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The instance's admin server: the web page /, /metrics, /health and the API /api/. */
    URI adminUrl() {
        return adminUrl;
    }

    long executing() {
        return executors.stats().inFlight();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        while (!started.isEmpty()) closeQuietly(started.pop());
        deleteRecursively(dir);
    }

    private synchronized void startAll() {
        broker = remember(EmbeddedBroker.start(0, dir.resolve("broker")));
        stub = remember(MediaWikiStub.start(StubOptions.onFreePort().withLatency(STUB_LATENCY)));
        createJobTopics();
        final JobQueueConfig config = DemoConfig.of(broker.bootstrapServers(), stub.endpoint(), dir.resolve("state"));
        instance = remember(new JobQueueInstance(config));
        final PrometheusMetrics metrics =
                PrometheusMetrics.of(instance.metrics().registry(), config);
        final AdminServer admin = remember(AdminServer.start(ADMIN_ADDRESS, 0, metrics, instance::health));
        final HostInfo self = new HostInfo(ADMIN_ADDRESS, admin.port());
        adminUrl = URI.create("http://" + ADMIN_ADDRESS + ":" + admin.port());
        instance.start(self);
        metrics.exposeQueueDepths(instance.streams(), config);
        final InstanceApi api = remember(InstanceApi.start(
                instance.streams(),
                config,
                writeCommandConfig(),
                self,
                AdminToken.from(null, System.getenv()),
                instance.metrics().registry(),
                () -> instance.health().reasons()));
        admin.serve(ApiHandler.PATH, api.handler());
        admin.serve(Page.PATH, Page.of(api.reads()));
        remember(Announcer.announce(config, self, adminUrl.toString()));
        // The instance's registry: the demo's one admin server shows the executors' metrics too.
        executors = remember(new JobExecutors(
                config, Set.copyOf(config.queue().lanes()), instance.metrics().registry()));
        executors.start();
        awaitRunning();
    }

    private <T extends AutoCloseable> T remember(final T part) {
        started.push(part);
        return part;
    }

    private void createJobTopics() {
        final List<NewTopic> topics = JobTypes.ALL.stream()
                .map(type -> new NewTopic(DemoConfig.jobTopic(type), DemoConfig.PARTITIONS, (short) 1))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            new TopicAdmin(admin, STARTUP_TIMEOUT).createMissing(topics);
        } catch (final KafkaException e) {
            throw new IllegalStateException("Cannot create the job topics", e);
        }
    }

    private void awaitRunning() {
        final Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (instance.state() != KafkaStreams.State.RUNNING) {
            if (instance.state() == KafkaStreams.State.ERROR || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The jobqueue instance did not start (state " + instance.state() + ")");
            }
            pause(Duration.ofMillis(100));
        }
    }

    private static void pause(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the demo", e);
        }
    }

    private static void closeQuietly(final AutoCloseable part) {
        try {
            part.close();
        } catch (final Exception e) {
            log.warn("Could not stop {} cleanly", part.getClass().getSimpleName(), e);
        }
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("jobqueue-demo-");
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create the demo's temporary directory", e);
        }
    }

    private static void deleteRecursively(final Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DemoEnvironment::deleteQuietly);
        } catch (final IOException e) {
            log.warn("Could not delete the demo's directory {}", root, e);
        }
    }

    private static void deleteQuietly(final Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            log.debug("Could not delete {}", path, e);
        }
    }
}
