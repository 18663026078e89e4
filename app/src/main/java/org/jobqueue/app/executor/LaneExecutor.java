package org.jobqueue.app.executor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.topology.config.ExecutorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of one lane: one consumer, polled by one thread, that runs at most {@code concurrency} commands at
 * once and writes each one's result.
 *
 * <p>A command is finished once its result is acknowledged by the producer; offsets are committed only up to the
 * lowest unfinished command of each partition, with the commands finished above it in the commit's metadata (see
 * {@link OffsetTracker}). A command keeps its slot until a commit records it, so a crash makes at most
 * {@code concurrency} commands run again. When the lane takes no more commands its partitions are paused, and the
 * consumer is still polled so that the group keeps it however long that lasts.
 *
 * <p>A type with a cap of its own ({@code types.<type>.concurrency}) never has more calls open than that: a command
 * of it that comes while it is at its cap is set aside, unstarted and uncommitted, and taken up when one of its calls
 * ends, while the commands of the other types go on. The lane fetches no more while too many are set aside.
 *
 * <p>A sick endpoint does not spend the jobs' attempts:
 * <ul>
 *   <li>A throttling answer (429, or 503 with {@code Retry-After}) holds the command and the whole lane for the wait
 *       it asks for (bounded), then the command is called again.
 *   <li>A failed call (a 5xx without MediaWiki's {@code JobExecutor} answer, 408, a time-out, a connection error) is
 *       not reported at once: it is the job's failure, and reported as retryable, once a call that started after it
 *       got an answer. When failures make the lane's {@link LaneCircuit} open first (or {@code circuit.window} passes
 *       with no call running that could answer), the command is kept instead, and called again once a probe found the
 *       endpoint back.
 *   <li>A command is never held past its claim (less a margin): then its last answer is reported, before the
 *       dispatcher would give up on it.
 *   <li>A result the producer could not write is sent again with back-off, and the lane takes no new command until it
 *       is written.
 * </ul>
 *
 * <p>Everything but the calls and the writes happens on the poll thread; those hand their outcome over as events.
 */
final class LaneExecutor implements Runnable {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /**
     * How long the paused consumer is polled while a commit is in flight and no slot is free: the commit's answer frees
     * the slots of the commands it records, and the consumer hands it over only inside a poll, so a wait on the events
     * alone could hold them up to {@link #POLL_TIMEOUT}.
     */
    private static final Duration COMMIT_POLL = Duration.ofMillis(2);

    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** A held command is reported this long before its claim expires, so that its result arrives in time. */
    static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);
    /** Commands of capped types a lane keeps waiting per slot; past that it fetches no more (one poll may add some). */
    static final int SET_ASIDE_PER_SLOT = 10;

    private static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration FIRST_WRITE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_WRITE_BACKOFF = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(LaneExecutor.class);

    /**
     * Where a lane reads and writes, how many commands it runs at once, how long it waits for them at close, and how
     * it treats a sick endpoint.
     */
    record Setup(
            String lane,
            String commandsTopic,
            String resultsTopic,
            int concurrency,
            Duration drainTimeout,
            ExecutorConfig.Throttle throttle,
            ExecutorConfig.Circuit circuit,
            Map<String, Integer> typeConcurrency) {

        /** A lane whose types have no cap of their own. */
        Setup(
                final String lane,
                final String commandsTopic,
                final String resultsTopic,
                final int concurrency,
                final Duration drainTimeout,
                final ExecutorConfig.Throttle throttle,
                final ExecutorConfig.Circuit circuit) {
            this(lane, commandsTopic, resultsTopic, concurrency, drainTimeout, throttle, circuit, Map.of());
        }

        /** How many commands of capped types may wait for their turn before the lane stops fetching. */
        int maxSetAside() {
            return SET_ASIDE_PER_SLOT * concurrency;
        }
    }

    /** One command taken from the topic, until it is finished (its result written) or abandoned. */
    private static final class Task {
        final ConsumerRecord<String, JobCommand> record;
        final TopicPartition partition;
        /** The last call's result; what is written when the command is reported. */
        JobResult result;
        /** A held command is not called again before this. */
        long readyAtNanos;
        /** When a suspect's call failed. */
        long failedAtNanos;
        /** Whether the call running is the circuit's probe. */
        boolean probe;
        /** When its latest call started. */
        long calledAtNanos;
        /** How many times it was called. */
        int calls;

        int writeFailures;
        long resendAtNanos;

        Task(final ConsumerRecord<String, JobCommand> record) {
            this.record = record;
            this.partition = partitionOf(record);
        }

        JobCommand command() {
            return record.value();
        }

        long offset() {
            return record.offset();
        }

        /** When the command must be reported at the latest, on the wall clock. */
        long reportByMillis() {
            return command().getClaimExpiresAt() - CLAIM_MARGIN.toMillis();
        }
    }

    private final Setup setup;
    private final Consumer<String, JobCommand> consumer;
    private final Producer<String, JobResult> producer;
    private final JobCaller caller;
    private final LaneMetrics metrics;
    private final LaneCircuit circuit;
    private final TypeSlots typeSlots;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Deque<ConsumerRecord<String, JobCommand>> unstarted = new ArrayDeque<>();
    /**
     * Commands whose type was at its cap when their turn came, oldest first: not started, so not finished, and their
     * offsets stay uncommitted; taken up when a call of their type ends, while the other types go on.
     */
    private final Deque<ConsumerRecord<String, JobCommand>> setAside = new ArrayDeque<>();
    /** Failed calls awaiting the verdict: the job's failure, or the endpoint's. */
    private final List<Task> suspects = new ArrayList<>();
    /** Commands to call again: after a throttling wait, or once the circuit closes. Oldest first. */
    private final Deque<Task> held = new ArrayDeque<>();
    /** Results the producer could not write, to send again. */
    private final List<Task> unwritten = new ArrayList<>();
    /** The commands whose result failed to be written and is not written yet: the lane takes none while any is. */
    private final Set<Task> notWritten = new HashSet<>();

    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(this::writerThread);
    private final Set<Task> calling = new HashSet<>();
    private int writing;
    private long throttledUntilNanos = System.nanoTime();
    private boolean nextProbeFresh;
    private volatile boolean stopRequested;
    private volatile boolean failed;
    private boolean commitInFlight;
    private long nextCommitNanos = System.nanoTime();

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
        this.circuit = new LaneCircuit(setup.circuit());
        this.typeSlots = new TypeSlots(setup.typeConcurrency());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(setup.commandsTopic()), new Rebalance());
            while (!stopRequested) stepThroughOutages();
            drain();
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException unexpected) {
            failed = true;
            log.error("The {} lane's executor stopped", setup.lane(), unexpected);
        } finally {
            writer.shutdown();
            closeConsumer();
        }
    }

    /** Stops taking commands; the thread then waits for the calls in flight, commits, and ends. */
    void requestStop() {
        stopRequested = true;
    }

    String lane() {
        return setup.lane();
    }

    /** Releases the consumer of an executor that was never run. */
    void closeUnstarted() {
        writer.shutdown();
        closeConsumer();
    }

    /** The lane's thread ended without being asked to. */
    boolean hasFailed() {
        return failed;
    }

    // A broker's outage or a coordinator's move fails polls, commits and rebalance callbacks for a while, not always
    // with a retriable exception (the classic consumer reports a coordinator still loading at a SyncGroup as a plain
    // KafkaException): the lane waits it out rather than end the process. What cannot get better ends it.
    private void stepThroughOutages() throws InterruptedException {
        try {
            step();
        } catch (final KafkaException failure) {
            if (isLasting(failure)) throw failure;
            log.warn(
                    "The {} lane's consumer failed; it carries on in {} ms",
                    setup.lane(),
                    OUTAGE_BACKOFF.toMillis(),
                    failure);
            Thread.sleep(OUTAGE_BACKOFF.toMillis());
        }
    }

    /** Whether a failure of the consumer will not pass by waiting: credentials, rights, versions, a fenced member. */
    static boolean isLasting(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException
                    || cause instanceof UnsupportedVersionException
                    || cause instanceof FencedInstanceIdException
                    || cause instanceof InterruptException) return true;
        }
        return false;
    }

    private void step() throws InterruptedException {
        applyEvents(wantsCommands() || commitInFlight ? Duration.ZERO : POLL_TIMEOUT);
        act();
        pauseOrResume();
        fetch(wantsCommands() ? POLL_TIMEOUT : commitInFlight ? COMMIT_POLL : Duration.ZERO);
        act();
        commitIfIdle();
    }

    private void act() {
        final long now = System.nanoTime();
        judgeSuspects(now);
        reportWhatMustNotWait();
        dropSetAsidePastTheirClaim();
        resendResults(now);
        startWhatFits(now);
    }

    // New commands are fetched while there is room for them; while the circuit is open, one poll's worth is kept at
    // hand so that every other probe can be a fresh command.
    private boolean wantsCommands() {
        if (stopRequested || !notWritten.isEmpty() || !unstarted.isEmpty()) return false;
        if (setAside.size() >= setup.maxSetAside()) return false;
        return !circuit.isClosed() || hasFreeSlot();
    }

    private boolean hasFreeSlot() {
        return metrics.inFlight() + offsets.awaitingCommit() < setup.concurrency();
    }

    private void applyEvents(final Duration wait) throws InterruptedException {
        for (Runnable next = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS); next != null; next = events.poll()) {
            next.run();
        }
    }

    private void pauseOrResume() {
        if (!wantsCommands()) consumer.pause(consumer.assignment());
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

    // Nothing starts while a result waits to be written or the endpoint asked to wait; held commands go first.
    private void startWhatFits(final long now) {
        if (stopRequested || !notWritten.isEmpty() || now - throttledUntilNanos < 0) return;
        if (circuit.isClosed()) {
            for (Task task = nextReady(now); task != null; task = nextReady(now)) call(task);
            takeUpSetAside();
            while (!unstarted.isEmpty() && hasFreeSlot()) startOrSetAside(unstarted.poll());
        } else if (circuit.probeDue(now)) {
            probe(now);
        }
    }

    private void takeUpSetAside() {
        for (final Iterator<ConsumerRecord<String, JobCommand>> it = setAside.iterator();
                it.hasNext() && hasFreeSlot(); ) {
            final ConsumerRecord<String, JobCommand> record = it.next();
            if (typeSlots.hasRoom(typeOf(record))) {
                it.remove();
                call(take(record));
            }
        }
    }

    private void startOrSetAside(final ConsumerRecord<String, JobCommand> record) {
        if (typeSlots.hasRoom(typeOf(record))) call(take(record));
        else setAside.add(record);
    }

    // Probes alternate between a held command and a fresh one, so that jobs that fail whatever the endpoint's health
    // cannot keep the circuit open. A fresh probe may run on top of the lane's concurrency.
    private void probe(final long now) {
        final Task heldTask = readyHeld(now);
        final boolean fresh = !unstarted.isEmpty()
                && typeSlots.hasRoom(typeOf(unstarted.peek()))
                && (nextProbeFresh || heldTask == null);
        final Task task = fresh ? take(unstarted.poll()) : heldTask;
        if (task == null) return;
        if (!fresh) held.remove(task);
        nextProbeFresh = !fresh;
        task.probe = true;
        circuit.probing();
        log.info(
                "Probing the endpoint of the {} lane with the command at {} offset {}",
                setup.lane(),
                task.partition,
                task.offset());
        call(task);
    }

    private Task nextReady(final long now) {
        final Task task = readyHeld(now);
        if (task != null) held.remove(task);
        return task;
    }

    private Task readyHeld(final long now) {
        for (final Task task : held) {
            if (now - task.readyAtNanos >= 0 && typeSlots.hasRoom(typeOf(task.record))) return task;
        }
        return null;
    }

    private Task take(final ConsumerRecord<String, JobCommand> record) {
        metrics.started();
        return new Task(record);
    }

    private void call(final Task task) {
        task.calledAtNanos = System.nanoTime();
        if (task.calls++ == 0) metrics.firstCalled(task.command().getReleasedAt(), System.currentTimeMillis());
        calling.add(task);
        typeSlots.opened(typeOf(task.record));
        caller.call(task.command()).whenComplete((call, failure) -> events.add(() -> called(task, call, failure)));
    }

    private void called(final Task task, final JobCaller.Call call, final Throwable failure) {
        calling.remove(task);
        typeSlots.closed(typeOf(task.record));
        final long now = System.nanoTime();
        if (call == null) {
            // The caller turns every error into a result; what it could not turn into one is skipped, like a command
            // that cannot be read.
            log.error(
                    "Skipping the command at {} offset {}: it could not be called",
                    task.partition,
                    task.offset(),
                    failure);
            if (task.probe) circuit.probeInconclusive(now);
            offsets.finish(task.partition, task.offset());
            metrics.ended();
            return;
        }
        task.result = call.result();
        final Outcome.Kind kind = call.outcome().kind();
        final boolean probe = task.probe;
        task.probe = false;
        if (kind == Outcome.Kind.ANSWERED || kind == Outcome.Kind.THROTTLED) answered(probe, call.startNanos(), now);
        if (kind == Outcome.Kind.FAILED && probe) circuit.probeFailed(now);
        if (kind == Outcome.Kind.UNSENT && probe) circuit.probeInconclusive(now);
        final boolean mayCallAgain = !stopRequested && consumer.assignment().contains(task.partition);
        if (!mayCallAgain && kind != Outcome.Kind.ANSWERED && kind != Outcome.Kind.UNSENT) {
            abandon(task); // stopping, or its partition moved: it runs again from the last commit
        } else if (kind == Outcome.Kind.THROTTLED) {
            throttled(task, call.outcome(), now);
        } else if (kind == Outcome.Kind.FAILED) {
            failed(task, now);
        } else {
            write(task);
        }
    }

    private void answered(final boolean probe, final long startNanos, final long now) {
        circuit.answered(startNanos, now);
        if (probe) {
            circuit.probeAnswered();
            metrics.circuit(false);
            log.info("The endpoint of the {} lane answered again; its circuit is closed", setup.lane());
        }
    }

    private void throttled(final Task task, final Outcome outcome, final long now) {
        metrics.throttled();
        final Duration asked = outcome.retryAfter().orElse(setup.throttle().waitTime());
        final Duration wait = asked.compareTo(setup.throttle().maxWait()) > 0
                ? setup.throttle().maxWait()
                : asked;
        if (System.currentTimeMillis() + wait.toMillis() > task.reportByMillis()) {
            write(task);
            return;
        }
        task.readyAtNanos = now + wait.toNanos();
        if (task.readyAtNanos - throttledUntilNanos > 0) throttledUntilNanos = task.readyAtNanos;
        held.add(task);
    }

    private void failed(final Task task, final long now) {
        if (circuit.failed(now)) {
            log.warn(
                    "Most calls of the {} lane failed within {} ms; its circuit is open: it takes no commands and"
                            + " keeps the failed ones until a probe gets an answer",
                    setup.lane(),
                    setup.circuit().window().toMillis());
            metrics.circuit(true);
            keep(task, now);
        } else if (!circuit.isClosed()) {
            keep(task, now);
        } else {
            task.failedAtNanos = now;
            suspects.add(task);
        }
    }

    private void keep(final Task task, final long now) {
        metrics.kept();
        task.readyAtNanos = now;
        held.add(task);
    }

    // A suspect is the job's failure once a call that started after it got an answer; it is the endpoint's when the
    // circuit opens meanwhile, or when a window passed with no call running that could tell.
    private void judgeSuspects(final long now) {
        final long windowNanos = setup.circuit().window().toNanos();
        for (final Task task : suspects) {
            if (!circuit.isClosed()) break;
            if (circuit.answeredSince(task.failedAtNanos)) continue;
            final boolean answerMayCome =
                    calling.stream().anyMatch(call -> call.calledAtNanos - task.failedAtNanos > 0);
            if (now - task.failedAtNanos >= windowNanos && !answerMayCome && circuit.silentSince(now)) {
                log.warn(
                        "A call of the {} lane failed {} ms ago and no call since got an answer; its circuit is open",
                        setup.lane(),
                        TimeUnit.NANOSECONDS.toMillis(now - task.failedAtNanos));
                metrics.circuit(true);
            }
        }
        for (final Iterator<Task> it = suspects.iterator(); it.hasNext(); ) {
            final Task task = it.next();
            if (!circuit.isClosed()) {
                it.remove();
                keep(task, now);
            } else if (circuit.answeredSince(task.failedAtNanos)) {
                it.remove();
                write(task);
            }
        }
    }

    // Past its claim the dispatcher counts a command as failed and releases its job again: report it before that.
    private void reportWhatMustNotWait() {
        final long nowMillis = System.currentTimeMillis();
        final Predicate<Task> due = task -> nowMillis >= task.reportByMillis();
        reportIf(suspects, due);
        reportIf(held, due);
    }

    private void reportIf(final Collection<Task> tasks, final Predicate<Task> due) {
        final List<Task> dueTasks = tasks.stream().filter(due).toList();
        tasks.removeAll(dueTasks);
        dueTasks.forEach(this::write);
    }

    // The dispatcher releases the job of an expired claim again: a command still set aside by then is left to that
    // release, rather than run beside it.
    private void dropSetAsidePastTheirClaim() {
        final long latestStart = System.currentTimeMillis() + CLAIM_MARGIN.toMillis();
        setAside.removeIf(record -> {
            if (record.value().getClaimExpiresAt() > latestStart) return false;
            log.warn(
                    "The {} command at {} offset {} waited for its type's turn until its claim ran out; its job is"
                            + " released again",
                    record.value().getType(),
                    partitionOf(record),
                    record.offset());
            offsets.finish(partitionOf(record), record.offset());
            return true;
        });
    }

    private void resendResults(final long now) {
        final List<Task> due =
                unwritten.stream().filter(task -> now - task.resendAtNanos >= 0).toList();
        unwritten.removeAll(due);
        due.forEach(this::write);
    }

    private void write(final Task task) {
        writing++;
        final JobResult result = task.result;
        writer.execute(() -> {
            try {
                producer.send(
                        new ProducerRecord<>(setup.resultsTopic(), result.getJobKey(), result),
                        (ack, failure) -> events.add(() -> written(task, failure)));
            } catch (final RuntimeException unsent) {
                events.add(() -> written(task, unsent));
            }
        });
    }

    private void written(final Task task, final Exception failure) {
        writing--;
        if (failure == null) {
            notWritten.remove(task);
            metrics.recorded(task.result);
            offsets.finish(task.partition, task.offset());
            metrics.ended();
            return;
        }
        metrics.resultNotWritten();
        notWritten.add(task);
        task.writeFailures++;
        final long backoff = Math.min(
                FIRST_WRITE_BACKOFF.toMillis() << Math.min(task.writeFailures - 1, 16), MAX_WRITE_BACKOFF.toMillis());
        task.resendAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
        unwritten.add(task);
        log.warn(
                "The result of the command at {} offset {} was not written ({} time(s)); the {} lane takes no new"
                        + " command and sends it again in {} ms",
                task.partition,
                task.offset(),
                task.writeFailures,
                setup.lane(),
                backoff,
                failure);
    }

    // Not finished: it runs again from the last commit, under this consumer or the partition's next owner.
    private void abandon(final Task task) {
        notWritten.remove(task);
        metrics.ended();
    }

    // One commit at a time, as soon as the last one is answered: a finished command frees its slot when recorded.
    private void commitIfIdle() {
        if (commitInFlight || System.nanoTime() - nextCommitNanos < 0) return;
        final OffsetTracker.Commit commit = offsets.committable();
        if (commit.isEmpty()) return;
        commitInFlight = true;
        consumer.commitAsync(commit.offsets(), (committed, failure) -> {
            commitInFlight = false;
            if (failure == null) {
                offsets.committed(commit);
            } else {
                nextCommitNanos = System.nanoTime() + OUTAGE_BACKOFF.toNanos();
                log.warn("Committing {} failed; it is retried in {} ms", committed, OUTAGE_BACKOFF.toMillis(), failure);
            }
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

    // New commands are no longer taken; those fetched but not started, and those held for another call, run again
    // from the last commit. The calls in flight end and their results are written (sent again if need be) until the
    // drain timeout; the consumer is polled meanwhile, paused, so that the group keeps it.
    private void drain() throws InterruptedException {
        unstarted.clear();
        setAside.clear();
        suspects.forEach(this::abandon);
        suspects.clear();
        held.forEach(this::abandon);
        held.clear();
        final long deadline = System.nanoTime() + setup.drainTimeout().toNanos();
        while (calling.size() + writing + unwritten.size() > 0 && deadline - System.nanoTime() > 0) {
            applyEvents(Duration.ofNanos(Math.min(deadline - System.nanoTime(), POLL_TIMEOUT.toNanos())));
            resendResults(System.nanoTime());
            consumer.pause(consumer.assignment());
            fetch(Duration.ZERO);
            commitIfIdle();
        }
        applyEvents(Duration.ZERO);
        commitNow(offsets.committable());
        final int unfinished = calling.size() + writing + unwritten.size();
        if (unfinished > 0) {
            log.warn(
                    "{} {} commands were still running or writing their results after {} ms; they will run again",
                    unfinished,
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

    // The commands of those partitions that wait here (unstarted, held, unwritten) are another consumer's now.
    private void forget(final Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
        unstarted.removeIf(record -> partitions.contains(partitionOf(record)));
        setAside.removeIf(record -> partitions.contains(partitionOf(record)));
        final Predicate<Task> theirs = task -> partitions.contains(task.partition);
        for (final Collection<Task> waiting : List.<Collection<Task>>of(suspects, held, unwritten)) {
            final List<Task> dropped = waiting.stream().filter(theirs).toList();
            waiting.removeAll(dropped);
            dropped.forEach(this::abandon);
        }
    }

    private Thread writerThread(final Runnable task) {
        final Thread thread = new Thread(task, "jobqueue-results-" + setup.lane());
        thread.setDaemon(true);
        return thread;
    }

    private static String typeOf(final ConsumerRecord<String, JobCommand> record) {
        return record.value().getType();
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
            final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            try {
                committed.putAll(consumer.committed(Set.copyOf(assigned)));
            } catch (final KafkaException unreadable) {
                log.warn(
                        "The {} lane cannot read which commands finished above its committed offsets of {}; those"
                                + " run again",
                        setup.lane(),
                        assigned,
                        unreadable);
            }
            assigned.forEach(partition -> resume(partition, committed.get(partition)));
        }

        private void resume(final TopicPartition partition, final OffsetAndMetadata readBack) {
            final OffsetAndMetadata further = offsets.resumeAt(partition, readBack);
            if (further == null) return;
            log.warn(
                    "The committed offset of {} read back as {}, below the {} this executor committed; it resumes"
                            + " there",
                    partition,
                    readBack == null ? "none" : readBack.offset(),
                    further.offset());
            consumer.seek(partition, further);
        }

        private static <V> Map<TopicPartition, V> only(
                final Map<TopicPartition, V> all, final Collection<TopicPartition> partitions) {
            return all.entrySet().stream()
                    .filter(entry -> partitions.contains(entry.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }
}
