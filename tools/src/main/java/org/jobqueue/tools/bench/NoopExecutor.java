package org.jobqueue.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.serdes.Topic;

/**
 * Closes the loop with no work: reads every lane's commands ({@code read_committed}) and answers each at once with an
 * {@code ok} result, as an executor whose {@code RunSingleJob.php} returns instantly would. Records, per event id, the
 * append time of its command and of its result, and the time the command became visible here.
 */
final class NoopExecutor implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    /** What happened to one event's command. */
    record Seen(long commandAppended, long commandVisible, long resultAppended) {}

    private final KafkaConsumer<String, JobCommand> consumer;
    private final KafkaProducer<String, JobResult> producer;
    private final JobQueueTopics topics;
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong firstAppend = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAppend = new AtomicLong();
    private final Thread thread;
    private volatile boolean tracking;
    private volatile boolean stopped;

    NoopExecutor(final String bootstrapServers, final JobQueueTopics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-noop-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2_000,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        10),
                JobSerdes.string().deserializer(),
                JobSerdes.jobCommand().deserializer());
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 1),
                JobSerdes.string().serializer(),
                JobSerdes.jobResult().serializer());
        this.thread = new Thread(this::run, "bench-noop-executor");
    }

    NoopExecutor start() {
        final List<String> lanes =
                topics.allCommands().stream().map(Topic::name).toList();
        consumer.subscribe(lanes);
        thread.start();
        return this;
    }

    /** From now on, remember the times of every command. */
    void track() {
        tracking = true;
    }

    long commands() {
        return commands.get();
    }

    /** Append time of the first and of the last command seen. */
    long firstAppend() {
        return firstAppend.get();
    }

    long lastAppend() {
        return lastAppend.get();
    }

    /**
     * Waits until no command has come for {@code quiet}, at most {@code atMost}: on a loaded machine the last commands
     * of a live scenario come late, and a latency left out is one not measured.
     */
    void awaitQuiet(final Duration quiet, final Duration atMost) {
        final long deadline = System.nanoTime() + atMost.toNanos();
        long before = -1;
        while (commands() != before && System.nanoTime() < deadline) {
            before = commands();
            Pause.of(quiet);
        }
    }

    /** Whether the commands of all these events were seen (once tracking). */
    boolean hasSeen(final Collection<String> eventIds) {
        return seen.keySet().containsAll(eventIds);
    }

    /** What was seen of each tracked event's command, by event id (results still unsent have -1). */
    Map<String, Seen> seen() {
        final Map<String, Seen> copy = new ConcurrentHashMap<>();
        seen.forEach((id, times) -> copy.put(id, new Seen(times[0], times[1], times[2])));
        return copy;
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }

    private void run() {
        try {
            while (!stopped) {
                final List<ConsumerRecord<String, JobCommand>> batch = new ArrayList<>();
                consumer.poll(POLL).forEach(batch::add);
                final long visible = System.currentTimeMillis();
                for (final ConsumerRecord<String, JobCommand> record : batch) answer(record, visible);
            }
        } catch (final WakeupException stopping) {
            // close() asked
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void answer(final ConsumerRecord<String, JobCommand> record, final long visible) {
        final JobCommand command = record.value();
        commands.incrementAndGet();
        firstAppend.accumulateAndGet(record.timestamp(), Math::min);
        lastAppend.accumulateAndGet(record.timestamp(), Math::max);
        final long[] times = tracking ? new long[] {record.timestamp(), visible, -1} : null;
        if (times != null) seen.put(command.getEventId(), times);
        final JobResult result = JobResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setJobKey(command.getJobKey())
                .setEventId(command.getEventId())
                .setType(command.getType())
                .setStatus(ResultStatus.ok)
                .setHttpStatus(200)
                .setStartedAt(visible)
                .setDurationMs(0)
                .setExecutor("bench-noop")
                .build();
        producer.send(new ProducerRecord<>(topics.results().name(), record.key(), result), (metadata, error) -> {
            if (times != null && error == null) times[2] = metadata.timestamp();
        });
    }
}
