package org.jobqueue.it.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.Topic;
import org.jobqueue.tools.processes.TopicReader;
import org.jobqueue.topology.config.LaneNames;

/**
 * Stands in for the executors: reads the committed commands of every lane and, while answering, writes an {@code ok}
 * result for each (key = the job key; same command, job and event ids). It keeps every command it read, in order, and
 * outlives the instances it serves. Its Kafka clients live on its own thread, which starts reading once the instance
 * has created the command topics.
 */
public final class StubExecutor implements AutoCloseable {
    private final KafkaClusterExtension kafka;
    private final List<Topic<String, JobCommand>> lanes;
    private final Topic<String, JobResult> results;
    private final List<ConsumerRecord<String, JobCommand>> received = new ArrayList<>();
    private final Queue<ConsumerRecord<String, JobCommand>> unanswered = new ArrayDeque<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread worker;
    private volatile boolean answering;
    private volatile boolean running = true;

    public StubExecutor(final KafkaClusterExtension kafka, final JobQueueTopics topics, final boolean answering) {
        this.kafka = kafka;
        this.lanes = LaneNames.BUILT_IN.stream().map(topics::commands).toList();
        this.results = topics.results();
        this.answering = answering;
        this.worker = new Thread(this::run, "stub-executor");
        worker.start();
    }

    /** From now on, answers every command read so far and every new one. */
    public void startAnswering() {
        answering = true;
    }

    /** Every command read so far, in the order read. Rethrows what stopped the executor, if anything did. */
    public List<ConsumerRecord<String, JobCommand>> commands() {
        final Throwable error = failure.get();
        if (error != null) throw new IllegalStateException("The stub executor failed", error);
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            worker.join(Duration.ofSeconds(30).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            kafka.awaitTopics(lanes.stream().map(Topic::name).toList(), () -> !running);
            if (!running) return;
            try (TopicReader<String, JobCommand> commands = kafka.reader(lanes);
                    KafkaProducer<String, JobResult> producer = newProducer()) {
                while (running) {
                    receive(commands.poll());
                    if (answering) answerAll(producer);
                }
            }
        } catch (final RuntimeException e) {
            failure.set(e);
        }
    }

    private void receive(final List<ConsumerRecord<String, JobCommand>> arrived) {
        synchronized (received) {
            received.addAll(arrived);
        }
        unanswered.addAll(arrived);
    }

    private void answerAll(final KafkaProducer<String, JobResult> producer) {
        if (unanswered.isEmpty()) return;
        while (!unanswered.isEmpty()) {
            final ConsumerRecord<String, JobCommand> command = unanswered.remove();
            producer.send(new ProducerRecord<>(results.name(), command.key(), ok(command.value())));
        }
        producer.flush();
    }

    private static JobResult ok(final JobCommand command) {
        final long now = System.currentTimeMillis();
        return JobResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setJobKey(command.getJobKey())
                .setEventId(command.getEventId())
                .setType(command.getType())
                .setStatus(ResultStatus.ok)
                .setHttpStatus(200)
                .setStartedAt(now)
                .setDurationMs(1L)
                .setExecutor("integration-test")
                .build();
    }

    private KafkaProducer<String, JobResult> newProducer() {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(
                config, results.keySerde().serializer(), results.valueSerde().serializer());
    }
}
