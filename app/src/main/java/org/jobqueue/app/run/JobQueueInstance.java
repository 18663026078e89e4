package org.jobqueue.app.run;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.admin.AdminServer;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of jobqueue's topology: creates the topics it writes, starts Kafka Streams, and reports its
 * metrics over JMX (domain {@code jobqueue}). Start more instances with the same configuration to scale out.
 */
public final class JobQueueInstance implements AutoCloseable {
    static final String JMX_DOMAIN = "jobqueue";
    // The job topics are a pattern subscription: a new <dc>.mediawiki.job.<type> is seen on the next metadata refresh.
    static final String METADATA_MAX_AGE_MS =
            String.valueOf(Duration.ofSeconds(30).toMillis());
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(JobQueueInstance.class);

    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;
    private final StateProgress progress;
    private final InstanceHealth health;
    private KafkaStreams streams;
    private JmxReporter jmxReporter;
    private boolean closed;

    public JobQueueInstance(final JobQueueConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new JobQueueMetrics(new MetricRegistry());
        this.progress = new StateProgress(metrics.registry());
        this.health = new InstanceHealth(this::state, progress::restoringStores, System::currentTimeMillis);
    }

    /** Creates the missing topics and starts processing; returns once Kafka Streams is starting. */
    public void start() {
        start(null);
    }

    /**
     * Starts as {@link #start()} does, as the instance {@code applicationServer} of the deployment: the address of its
     * admin server, which answers the interactive queries of the partitions it owns (none: it answers none).
     */
    public synchronized void start(final HostInfo applicationServer) {
        if (closed) throw new IllegalStateException("this instance is closed");
        if (streams != null) throw new IllegalStateException("this instance is already started");
        final Properties properties = withInstanceDefaults(JobQueueTopology.streamsProperties(config));
        if (applicationServer != null) {
            properties.put(
                    StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer.host() + ":" + applicationServer.port());
        }
        provisionTopics(properties);
        // After provisioning: the admin client has no use for it. Kafka Streams hands it to the processors.
        properties.put(JobQueueMetrics.CONFIG_KEY, metrics);
        final Topology topology = JobQueueTopology.build(config);
        log.info("Topology of {}:\n{}", config.applicationId(), topology.describe());
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(this::replaceFailedThread);
        streams.setGlobalStateRestoreListener(progress);
        streams.setStandbyUpdateListener(progress);
        startJmxReporter();
        streams.start();
    }

    /** The running Kafka Streams, for interactive queries. */
    public synchronized KafkaStreams streams() {
        if (streams == null) throw new IllegalStateException("this instance is not started");
        return streams;
    }

    public synchronized KafkaStreams.State state() {
        if (streams != null) return streams.state();
        return closed ? KafkaStreams.State.NOT_RUNNING : KafkaStreams.State.CREATED;
    }

    /** Whether this instance is ready (see {@link InstanceHealth}) and live, for {@code /health} and {@code /live}. */
    public AdminServer.Health health() {
        return health.health();
    }

    public JobQueueMetrics metrics() {
        return metrics;
    }

    /** Stops processing (waiting up to 30 s for Kafka Streams) and the JMX reporter. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        // Leaving the group hands this instance's partitions over at once instead of after the session time-out.
        if (streams != null) {
            streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        if (jmxReporter != null) jmxReporter.close();
    }

    /** {@code properties} with what this instance needs unless the user set it. */
    static Properties withInstanceDefaults(final Properties properties) {
        final boolean metadataAgeSet = properties.containsKey(ConsumerConfig.METADATA_MAX_AGE_CONFIG)
                || properties.containsKey(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG))
                || properties.containsKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG));
        if (!metadataAgeSet) {
            properties.put(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), METADATA_MAX_AGE_MS);
        }
        return properties;
    }

    private void provisionTopics(final Properties properties) {
        final String clientId = config.applicationId() + "-topic-setup";
        try (Admin admin = Admin.create(new StreamsConfig(properties).getAdminConfigs(clientId))) {
            new TopicProvisioner(
                            admin,
                            config.topicRegistry(),
                            config.topics(),
                            config.queue().maxRecordBytes(),
                            config.periodic().values().stream()
                                    .map(schedule -> config.topicRegistry()
                                            .jobEvents(schedule.type())
                                            .name())
                                    .distinct()
                                    .toList())
                    .ensureTopics();
        }
    }

    private void startJmxReporter() {
        jmxReporter =
                JmxReporter.forRegistry(metrics.registry()).inDomain(JMX_DOMAIN).build();
        jmxReporter.start();
    }

    private StreamThreadExceptionResponse replaceFailedThread(final Throwable failure) {
        log.error("A stream thread failed; replacing it", failure);
        health.threadReplaced();
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
