package org.jobqueue.tools.soak;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jobqueue.tools.processes.BrokerProcess;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.KafkaCluster;

/**
 * The soak's processes, each a JVM of its own: the broker ({@code jobqueue broker}), two {@code run} instances, one
 * {@code execute} and the stand-in {@code RunSingleJob.php}; and the faults done to them. A {@code run} instance is
 * killed ({@code kill -9}) and started again on its own state {@value #RESTART_AFTER_SECONDS} s later, as a service
 * manager would; the broker is killed and started again on the same port and data {@value #BROKER_DOWN_SECONDS} s
 * later. A process that dies on its own is started again, and counted.
 */
final class SoakProcesses implements AutoCloseable {
    static final String APPLICATION_ID = "jobqueue-soak";
    static final int PARTITIONS = 4;
    static final int RESTART_AFTER_SECONDS = 5;
    static final int BROKER_DOWN_SECONDS = 10;
    private static final int HEAP_MB = 384;
    private static final List<String> RUNS = List.of("run-1", "run-2");
    private static final String EXECUTE = "execute";
    private static final String STUB = "stub";
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final BrokerProcess broker;
    private final Deployment deployment;
    private final double failRate;
    private final Map<String, JobQueueProcess> processes = new LinkedHashMap<>();
    private final List<String> deaths = new ArrayList<>();
    private volatile int kills;
    private volatile int bounces;
    private volatile double longestBounceSeconds;

    private SoakProcesses(final BrokerProcess broker, final Deployment deployment, final double failRate) {
        this.broker = broker;
        this.deployment = deployment;
        this.failRate = failRate;
    }

    /** Starts the broker and creates the topics, then the stub; {@link #startJobQueue} starts the rest. */
    static SoakProcesses start(final Path dir, final double failRate) {
        final BrokerProcess broker = BrokerProcess.start(dir);
        final SoakProcesses started = new SoakProcesses(broker, new Deployment(broker, dir, settings()), failRate);
        broker.createTopics(PARTITIONS, started.deployment.topics().links().name());
        started.launch(STUB);
        started.processes.get(STUB).awaitOutput(LISTENING, START_TIMEOUT);
        return started;
    }

    /**
     * The deployment: exactly-once, 4 partitions, up to 5 retries 1 s, 2 s, 4 s... apart (a job that fails at random
     * at 2% runs at the sixth attempt at the latest), and the fan-out of recursive refreshLinks (one page per leaf) and
     * htmlCacheUpdate (10 pages per leaf) jobs.
     */
    static Deployment.Settings settings() {
        return Deployment.Settings.of("soak", APPLICATION_ID)
                .withPartitions(PARTITIONS)
                .withHeapMb(HEAP_MB)
                .withDefaults("{retry: {limit: 5, delay: 1s, factor: 2}}")
                .withType("refreshLinks", "{priority: low, fanout: {batch: 300, pages_per_job: 1}}")
                .withType("htmlCacheUpdate", "{priority: low, fanout: {batch: 300, pages_per_job: 10}}");
    }

    /** Starts the {@code run} instances and the executors, and waits until the instances serve. */
    void startJobQueue() {
        RUNS.forEach(this::launch);
        launch(EXECUTE);
        RUNS.forEach(run -> processes.get(run).awaitOutput(ADMIN, START_TIMEOUT));
    }

    Deployment deployment() {
        return deployment;
    }

    KafkaCluster kafka() {
        return broker;
    }

    /** Waits until the application has committed {@code records} records of {@code topic}. */
    void awaitCommitted(final String topic, final long records) {
        await("the soak's application committing " + records + " records of " + topic)
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> committed(topic) >= records);
    }

    /** Kills the next {@code run} instance in turn ({@code kill -9}), and starts it again; returns its name. */
    String killRun() throws InterruptedException {
        final String run = RUNS.get(kills % RUNS.size());
        processes.get(run).kill();
        Thread.sleep(Duration.ofSeconds(RESTART_AFTER_SECONDS).toMillis());
        launch(run);
        kills++;
        return run;
    }

    /** Kills the broker ({@code kill -9}) and starts it again; returns the seconds until it served again. */
    double bounceBroker() throws InterruptedException {
        final long killed = System.nanoTime();
        broker.kill();
        Thread.sleep(Duration.ofSeconds(BROKER_DOWN_SECONDS).toMillis());
        broker.restart();
        final double seconds = (System.nanoTime() - killed) / 1e9;
        bounces++;
        longestBounceSeconds = Math.max(longestBounceSeconds, seconds);
        return seconds;
    }

    /** Starts again every process that has died on its own; returns their names. */
    List<String> restartTheDead() {
        final List<String> dead = new ArrayList<>();
        if (!broker.isAlive()) {
            broker.restart();
            dead.add("broker");
        }
        processes.forEach((name, process) -> {
            if (!process.isAlive()) dead.add(name);
        });
        dead.stream().filter(processes::containsKey).forEach(this::launch);
        synchronized (deaths) {
            deaths.addAll(dead);
        }
        return dead;
    }

    int kills() {
        return kills;
    }

    int bounces() {
        return bounces;
    }

    double longestBounceSeconds() {
        return longestBounceSeconds;
    }

    /** The processes that died on their own, in order, by name. */
    List<String> deaths() {
        synchronized (deaths) {
            return List.copyOf(deaths);
        }
    }

    /** Stops jobqueue's processes ({@code SIGTERM}), then the stub and the broker. */
    @Override
    public void close() {
        final List<String> order = new ArrayList<>(RUNS);
        order.addAll(List.of(EXECUTE, STUB));
        order.stream()
                .map(processes::get)
                .filter(process -> process != null && process.isAlive())
                .forEach(JobQueueProcess::stop);
        broker.close();
    }

    private void launch(final String name) {
        processes.put(
                name,
                switch (name) {
                    case STUB -> deployment.startStub(failRate);
                    case EXECUTE -> deployment.startExecutors(EXECUTE);
                    default -> deployment.startRun(name);
                });
    }

    private long committed(final String topic) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = broker.admin()
                .listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata()
                .get();
        return offsets.entrySet().stream()
                .filter(offset -> offset.getKey().topic().equals(topic) && offset.getValue() != null)
                .mapToLong(offset -> offset.getValue().offset())
                .sum();
    }
}
