package org.jobqueue.app.executor;

import com.codahale.metrics.MetricRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jobqueue.app.admin.AdminServer;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.LaneNames;

/**
 * The executors of one or more priority lanes: each lane is a consumer group
 * ({@code <application_id>-executor-<lane>}) that turns the commands of {@code <dc>.jobqueue.commands.<lane>} into
 * calls to the job endpoint, at most {@code executor.concurrency.<lane>} at once, and writes their results to
 * {@code <dc>.jobqueue.results} with one shared idempotent producer. Stateless: start as many as needed.
 */
public final class JobExecutors implements AutoCloseable {
    // Beyond the drain: a final commit and the consumer's close, each bounded by its own timeout.
    private static final Duration LANE_CLOSE_MARGIN = Duration.ofSeconds(90);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final JobQueueConfig config;
    private final Set<String> lanes;
    private final Map<String, LaneMetrics> metrics = new HashMap<>();
    private final List<LaneExecutor> executors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Producer<String, JobResult> producer;
    private boolean started;
    private boolean closed;

    public JobExecutors(final JobQueueConfig config, final Set<String> lanes, final MetricRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        if (lanes.isEmpty()) throw new IllegalArgumentException("at least one lane is needed");
        this.lanes = new LinkedHashSet<>(LaneNames.inReleaseOrder(lanes));
        this.lanes.forEach(lane -> metrics.put(lane, new LaneMetrics(registry, lane)));
    }

    /**
     * Creates the clients and starts one thread per lane.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the {@code kafka} properties are unusable
     */
    public synchronized void start() {
        if (closed) throw new IllegalStateException("these executors are closed");
        if (started) throw new IllegalStateException("these executors are already started");
        started = true;
        final JobQueueTopics topics = config.topicRegistry();
        producer = resultsProducer(topics.results());
        createLaneExecutors(topics, JobCaller.of(config, localExecutorId()));
        executors.forEach(this::startThread);
    }

    public ExecutorStats stats() {
        return new ExecutorStats(
                sum(LaneMetrics::inFlight),
                sum(lane -> lane.count(ResultStatus.ok)),
                sum(lane -> lane.count(ResultStatus.retryable)),
                sum(lane -> lane.count(ResultStatus.fatal)));
    }

    /**
     * Stops taking commands, waits up to {@code executor.drain_timeout} (by default {@code executor.timeout}) for the
     * calls in flight and the writing of their results, commits what finished, and closes the clients. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        executors.forEach(LaneExecutor::requestStop);
        awaitLaneThreads();
        if (producer != null) producer.close(PRODUCER_CLOSE_TIMEOUT);
        metrics.values().forEach(LaneMetrics::unregister);
    }

    /** A lane stopped without being asked to (its consumer failed); the others go on. */
    boolean hasFailedLane() {
        return executors.stream().anyMatch(LaneExecutor::hasFailed);
    }

    /**
     * For {@code /health} and {@code /live}: ready and live while started and no lane has failed. A lane whose circuit
     * is open is still both: the endpoint is sick, not this process, and a restart would not help it.
     */
    public synchronized AdminServer.Health health() {
        if (closed) return new AdminServer.Health("STOPPED", false, false, List.of("stopped"));
        if (!started) return new AdminServer.Health("CREATED", false, true, List.of("not started"));
        final List<String> failed = executors.stream()
                .filter(LaneExecutor::hasFailed)
                .map(executor -> "lane " + executor.lane() + " stopped")
                .toList();
        return failed.isEmpty()
                ? new AdminServer.Health("RUNNING", true, true, List.of())
                : new AdminServer.Health("FAILED", false, false, failed);
    }

    /** Who runs the commands, for their results: host name and process id. */
    static String localExecutorId() {
        return hostName() + ":" + ProcessHandle.current().pid();
    }

    private Producer<String, JobResult> resultsProducer(final Topic<String, JobResult> results) {
        return new KafkaProducer<>(
                ExecutorClientProperties.producer(config),
                results.keySerde().serializer(),
                results.valueSerde().serializer());
    }

    // A consumer refusing its properties must not leave the clients created before it running.
    private void createLaneExecutors(final JobQueueTopics topics, final JobCaller caller) {
        try {
            lanes.forEach(lane -> executors.add(laneExecutor(lane, topics, caller)));
        } catch (final RuntimeException unusable) {
            executors.forEach(LaneExecutor::closeUnstarted);
            executors.clear();
            producer.close(Duration.ZERO);
            throw unusable;
        }
    }

    private LaneExecutor laneExecutor(final String lane, final JobQueueTopics topics, final JobCaller caller) {
        final Topic<String, JobCommand> commands = topics.commands(lane);
        final LaneExecutor.Setup setup = new LaneExecutor.Setup(
                lane,
                commands.name(),
                topics.results().name(),
                config.executor().concurrency().get(lane),
                drainTimeout(),
                config.executor().throttle(),
                config.executor().circuit(),
                typeConcurrency(lane));
        final KafkaConsumer<String, JobCommand> consumer = new KafkaConsumer<>(
                ExecutorClientProperties.consumer(config, lane),
                commands.keySerde().deserializer(),
                commands.valueSerde().deserializer());
        return new LaneExecutor(setup, consumer, producer, caller, metrics.get(lane));
    }

    // A type runs in the lane of its priority only: its cap is the lane's business.
    private Map<String, Integer> typeConcurrency(final String lane) {
        final Map<String, Integer> caps = new HashMap<>();
        config.types().forEach((type, settings) -> {
            if (settings.concurrency() != null && config.priorityOf(type).equals(lane))
                caps.put(type, settings.concurrency());
        });
        return caps;
    }

    private Duration drainTimeout() {
        return config.executor().drainTimeout();
    }

    private void startThread(final LaneExecutor executor) {
        final Thread thread = new Thread(executor, "jobqueue-executor-" + executor.lane());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void awaitLaneThreads() {
        final long joinMillis = drainTimeout().plus(LANE_CLOSE_MARGIN).toMillis();
        try {
            for (final Thread thread : threads) thread.join(joinMillis);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private long sum(final ToLongFunction<LaneMetrics> value) {
        return metrics.values().stream().mapToLong(value).sum();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException unknown) {
            return "unknown-host";
        }
    }
}
