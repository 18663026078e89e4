package org.jobqueue.app.executor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of one lane: one consumer, polled by one thread, that runs at most {@code concurrency} commands at
 * once and writes each one's result.
 *
 * <p>A command is finished once its result is acknowledged by the producer; offsets are committed only up to the
 * lowest unfinished command of each partition, with the commands finished above it in the commit's metadata (see
 * {@link OffsetTracker}). A command keeps its slot until a commit records it, so a crash makes at most
 * {@code concurrency} commands run again. A result that cannot be written leaves its command unfinished, so it runs
 * again after a restart or a rebalance. When every slot is taken the partitions are paused, and the consumer is
 * still polled so that the group keeps it however long the jobs run. Everything but the calls and the producer's
 * acknowledgements happens on the poll thread; those hand their outcome over through a queue.
 */
final class LaneExecutor implements Runnable {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(LaneExecutor.class);

    /** Where a lane reads and writes, how many commands it runs at once, and how long it waits for them at close. */
    record Setup(Priority lane, String commandsTopic, String resultsTopic, int concurrency, Duration drainTimeout) {}

    /** A command that ended; {@code written}: its result was acknowledged. */
    private record Ended(TopicPartition partition, long offset, boolean written) {}

    private final Setup setup;
    private final Consumer<String, JobCommand> consumer;
    private final Producer<String, JobResult> producer;
    private final JobCaller caller;
    private final LaneMetrics metrics;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Deque<ConsumerRecord<String, JobCommand>> unstarted = new ArrayDeque<>();
    private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    private volatile boolean stopRequested;
    private volatile boolean failed;
    private boolean commitInFlight;

    LaneExecutor(
            final Setup setup,
            final Consumer<String, JobCommand> consumer,
            final Producer<String, JobResult> producer,
            final JobCaller caller,
            final LaneMetrics metrics) {
        this.setup = setup;
        this.consumer = consumer;
        this.producer = producer;
        this.caller = caller;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(setup.commandsTopic()), new Rebalance());
            while (!stopRequested) step();
            drain();
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException unexpected) {
            failed = true;
            log.error("The {} lane's executor stopped", setup.lane(), unexpected);
        } finally {
            closeConsumer();
        }
    }

    /** Stops taking commands; the thread then waits for the calls in flight, commits, and ends. */
    void requestStop() {
        stopRequested = true;
    }

    Priority lane() {
        return setup.lane();
    }

    /** Releases the consumer of an executor that was never run. */
    void closeUnstarted() {
        closeConsumer();
    }

    /** The lane's thread ended without being asked to. */
    boolean hasFailed() {
        return failed;
    }

    private void step() throws InterruptedException {
        applyEnded(isFull() ? POLL_TIMEOUT : Duration.ZERO);
        startWhatFits();
        pauseOrResume();
        fetch(isFull() ? Duration.ZERO : POLL_TIMEOUT);
        startWhatFits();
        commitIfIdle();
    }

    private boolean isFull() {
        return !unstarted.isEmpty() || !hasFreeSlot();
    }

    private boolean hasFreeSlot() {
        return metrics.inFlight() + offsets.awaitingCommit() < setup.concurrency();
    }

    private void applyEnded(final Duration wait) throws InterruptedException {
        for (Ended next = ended.poll(wait.toNanos(), TimeUnit.NANOSECONDS); next != null; next = ended.poll()) {
            metrics.ended();
            if (next.written()) offsets.finish(next.partition(), next.offset());
        }
    }

    private void pauseOrResume() {
        if (isFull()) consumer.pause(consumer.assignment());
        else if (!consumer.paused().isEmpty()) consumer.resume(consumer.paused());
    }

    private void fetch(final Duration timeout) {
        try {
            consumer.poll(timeout).forEach(this::accept);
        } catch (final RecordDeserializationException unreadable) {
            log.error(
                    "Skipping the unreadable command at {} offset {}",
                    unreadable.topicPartition(),
                    unreadable.offset(),
                    unreadable);
            skip(unreadable.topicPartition(), unreadable.offset());
            consumer.seek(unreadable.topicPartition(), unreadable.offset() + 1);
        }
    }

    private void accept(final ConsumerRecord<String, JobCommand> record) {
        final TopicPartition partition = partitionOf(record);
        if (record.value() == null) {
            log.error("Skipping the empty command at {} offset {}", partition, record.offset());
            skip(partition, record.offset());
        } else if (offsets.isDone(partition, record.offset())) {
            skip(partition, record.offset());
        } else {
            offsets.track(partition, record.offset());
            unstarted.add(record);
        }
    }

    // A command the topology did not write cannot be run, nor answered: there is no job to answer for.
    private void skip(final TopicPartition partition, final long offset) {
        offsets.track(partition, offset);
        offsets.finish(partition, offset);
    }

    private void startWhatFits() {
        while (!unstarted.isEmpty() && hasFreeSlot()) start(unstarted.poll());
    }

    private void start(final ConsumerRecord<String, JobCommand> record) {
        final TopicPartition partition = partitionOf(record);
        final long offset = record.offset();
        metrics.started();
        caller.call(record.value())
                .thenCompose(this::write)
                .whenComplete((result, notWritten) -> end(partition, offset, result, notWritten));
    }

    private CompletableFuture<JobResult> write(final JobResult result) {
        final CompletableFuture<JobResult> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(setup.resultsTopic(), result.getJobKey(), result), (ack, failure) -> {
                if (failure == null) written.complete(result);
                else written.completeExceptionally(failure);
            });
        } catch (final RuntimeException unsent) {
            written.completeExceptionally(unsent);
        }
        return written;
    }

    private void end(
            final TopicPartition partition, final long offset, final JobResult result, final Throwable notWritten) {
        if (notWritten == null) {
            metrics.recorded(result);
        } else {
            log.warn(
                    "The result of the command at {} offset {} was not written; the command will run again after a"
                            + " restart or rebalance",
                    partition,
                    offset,
                    notWritten);
        }
        ended.add(new Ended(partition, offset, notWritten == null));
    }

    // One commit at a time, as soon as the last one is answered: a finished command frees its slot when recorded.
    private void commitIfIdle() {
        if (commitInFlight) return;
        final OffsetTracker.Commit commit = offsets.committable();
        if (commit.isEmpty()) return;
        commitInFlight = true;
        consumer.commitAsync(commit.offsets(), (committed, failure) -> {
            commitInFlight = false;
            if (failure == null) offsets.committed(commit);
            else log.warn("Committing {} failed; it is retried", committed, failure);
        });
    }

    private void commitNow(final OffsetTracker.Commit commit) {
        if (commit.isEmpty()) return;
        try {
            consumer.commitSync(commit.offsets());
            offsets.committed(commit);
        } catch (final KafkaException failure) {
            log.warn("Committing {} failed; those commands will run again", commit.offsets(), failure);
        }
    }

    // New commands are no longer polled; those fetched but not started run again from the last commit.
    private void drain() throws InterruptedException {
        unstarted.clear();
        final long deadline = System.nanoTime() + setup.drainTimeout().toNanos();
        while (metrics.inFlight() > 0 && deadline - System.nanoTime() > 0) {
            applyEnded(Duration.ofNanos(Math.min(deadline - System.nanoTime(), POLL_TIMEOUT.toNanos())));
        }
        producer.flush();
        applyEnded(Duration.ZERO);
        commitNow(offsets.committable());
        if (metrics.inFlight() > 0) {
            log.warn(
                    "{} {} commands were still running after {} ms; they will run again",
                    metrics.inFlight(),
                    setup.lane(),
                    setup.drainTimeout().toMillis());
        }
    }

    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT));
        } catch (final KafkaException failure) {
            log.warn("Closing the {} lane's consumer failed", setup.lane(), failure);
        }
    }

    private void forget(final Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
        unstarted.removeIf(record -> partitions.contains(partitionOf(record)));
    }

    private static TopicPartition partitionOf(final ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** On revocation, commits what finished in the revoked partitions and forgets their unfinished commands. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> revoked) {
            final OffsetTracker.Commit all = offsets.committable();
            commitNow(new OffsetTracker.Commit(only(all.offsets(), revoked), only(all.finished(), revoked)));
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> lost) {
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> assigned) {
            log.info("The {} lane's executor was assigned {}", setup.lane(), assigned);
            if (assigned.isEmpty()) return;
            consumer.committed(Set.copyOf(assigned)).forEach(offsets::restore);
        }

        private static <V> Map<TopicPartition, V> only(
                final Map<TopicPartition, V> all, final Collection<TopicPartition> partitions) {
            return all.entrySet().stream()
                    .filter(entry -> partitions.contains(entry.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }
}
