package org.jobqueue.tools.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.app.console.ProgressLine;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.Executions;
import org.jobqueue.tools.processes.FaultCounts;
import org.jobqueue.tools.processes.Ledger;
import org.jobqueue.tools.processes.TopicReader;
import org.jobqueue.tools.soak.SoakLoad.Kind;

/**
 * One soak: the processes started, the backlinks written and stored, then the load offered for the given minutes while
 * a {@code run} instance and the broker are killed at their intervals; then a wait until the queue has drained, and
 * the count.
 */
final class Soak {
    /** Anything still to come after the drain would be a second execution: the time given to it to show. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private static final Duration TICK = Duration.ofSeconds(1);
    static final String LOST_FILE = "lost.txt";

    private final SoakOptions options;
    private final Path dir;
    private final ProgressLine progress;
    private final Ledger ledger = new Ledger();
    private volatile Supplier<String> status = () -> "starting";

    Soak(final SoakOptions options, final Path dir, final ProgressLine progress) {
        this.options = options;
        this.dir = dir;
        this.progress = progress;
    }

    SoakReport run() throws InterruptedException {
        final long started = System.nanoTime();
        progress.message("Starting the broker, the stub, two run instances and execute, each a JVM of its own, in "
                + dir + " ...");
        try (SoakProcesses processes = SoakProcesses.start(dir, options.failRate())) {
            final Deployment deployment = processes.deployment();
            Backlinks.write(processes.kafka(), deployment.topics());
            processes.startJobQueue();
            processes.awaitCommitted(deployment.topics().links().name(), Backlinks.count());
            progress.message(String.format(
                    Locale.ROOT,
                    "%,d backlinks of %d templates stored; offering %d jobs/s for %d min (bootstrap.servers=%s)",
                    Backlinks.count(),
                    Backlinks.TEMPLATES,
                    options.rate(),
                    options.minutes(),
                    processes.kafka().bootstrapServers()));
            progress.start(() -> status.get());
            final SoakReport.Load load;
            try (SoakLoad offered = new SoakLoad(processes.kafka(), deployment.topics(), ledger, options.rate())) {
                offered.start();
                applyFaults(processes, offered);
                offered.stop();
                load = load(offered);
            }
            final long drainStarted = System.nanoTime();
            final boolean drained = drain(processes);
            final double drainSeconds = secondsSince(drainStarted);
            Thread.sleep(SETTLE.toMillis());
            status = () -> "counting: reading the command and dead-letter topics to their end";
            final FaultCounts counts = FaultCounts.read(deployment, ledger);
            if (!counts.noneLostOrEmittedTwice()) listLost(deployment.executions());
            return new SoakReport(
                    conditions(),
                    load,
                    new SoakReport.Faults(
                            processes.kills(),
                            processes.bounces(),
                            processes.longestBounceSeconds(),
                            processes.deaths()),
                    counts,
                    deployment.executions().leaves(),
                    drained,
                    drainSeconds,
                    secondsSince(started));
        }
    }

    /** Offers the load until the end of the soak's minutes, with the faults at their intervals. */
    private void applyFaults(final SoakProcesses processes, final SoakLoad load) throws InterruptedException {
        final long start = System.nanoTime();
        final long end = start + options.load().toNanos();
        long nextKill = next(start, options.killEvery());
        long nextBounce = next(start, options.bounceEvery());
        final Deployment deployment = processes.deployment();
        status = () -> String.format(
                Locale.ROOT,
                "soak %s of %d:00 | offered %,d | produced %,d | executed %,d | kills %d | bounces %d",
                clock(System.nanoTime() - start),
                options.minutes(),
                load.offered(),
                ledger.jobs(),
                deployment.executions().distinct(),
                processes.kills(),
                processes.bounces());
        while (System.nanoTime() < end) {
            Thread.sleep(TICK.toMillis());
            reportDeaths(processes.restartTheDead());
            if (System.nanoTime() >= nextKill && nextKill < end) {
                final String run = processes.killRun();
                progress.message(at(start) + run + " killed -9, started again " + SoakProcesses.RESTART_AFTER_SECONDS
                        + " s later");
                nextKill += options.killEvery().toNanos();
            }
            if (System.nanoTime() >= nextBounce && nextBounce < end) {
                final double seconds = processes.bounceBroker();
                progress.message(String.format(
                        Locale.ROOT, "%sbroker killed -9, serving again after %.1f s", at(start), seconds));
                nextBounce += options.bounceEvery().toNanos();
            }
        }
    }

    /**
     * Waits until every job that must run has run, every page has been refreshed after its latest recursive job, and
     * every hopeless job is dead-lettered; or until the drain time-out. Returns whether it drained.
     */
    private boolean drain(final SoakProcesses processes) throws InterruptedException {
        final Deployment deployment = processes.deployment();
        final long start = System.nanoTime();
        final long hopeless = ledger.hopeless().size();
        final AtomicReference<Pending> pending = new AtomicReference<>(new Pending(0, 0, hopeless));
        status = () -> String.format(
                Locale.ROOT,
                "draining %s | to run: %,d jobs, %,d pages | dead letters to come: %,d",
                clock(System.nanoTime() - start),
                pending.get().jobs(),
                pending.get().pages(),
                pending.get().deadLetters());
        try (TopicReader<String, DeadLetter> letters =
                processes.kafka().reader(List.of(deployment.topics().deadLetter()))) {
            long deadLetters = 0;
            while (true) {
                List<ConsumerRecord<String, DeadLetter>> read;
                do {
                    read = letters.poll();
                    deadLetters += read.size();
                } while (!read.isEmpty());
                final Executions executions = deployment.executions();
                final Pending now = new Pending(
                        ledger.lost(executions), ledger.pagesLost(executions), Math.max(0, hopeless - deadLetters));
                pending.set(now);
                if (now.none()) return true;
                if (System.nanoTime() - start > options.drainTimeout().toNanos()) return false;
                reportDeaths(processes.restartTheDead());
                Thread.sleep(TICK.toMillis());
            }
        }
    }

    /** Writes the lost jobs and pages to {@value #LOST_FILE} in the work directory, to look them up in the logs. */
    private void listLost(final Executions executions) {
        final Path file = dir.resolve(LOST_FILE);
        try {
            Files.write(file, ledger.describeLost(executions));
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** What the drain still waits for. */
    private record Pending(long jobs, long pages, long deadLetters) {
        boolean none() {
            return jobs == 0 && pages == 0 && deadLetters == 0;
        }
    }

    private void reportDeaths(final List<String> dead) {
        dead.forEach(name -> progress.message(name + " died on its own; started again"));
    }

    private SoakReport.Load load(final SoakLoad load) {
        return new SoakReport.Load(
                load.offered(),
                load.count(Kind.RECURSIVE),
                load.count(Kind.DELAYED),
                load.count(Kind.SHA1_DUPLICATE),
                load.count(Kind.FAILS_ONCE),
                load.count(Kind.FAILS_ALWAYS),
                load.failed(),
                Backlinks.count());
    }

    private SoakReport.Conditions conditions() {
        return new SoakReport.Conditions(
                options.minutes(),
                options.rate(),
                options.killEvery().toSeconds(),
                options.bounceEvery().toSeconds(),
                options.failRate(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    private static long next(final long start, final Duration every) {
        return every.isZero() ? Long.MAX_VALUE : start + every.toNanos();
    }

    private static String at(final long start) {
        return clock(System.nanoTime() - start) + " ";
    }

    private static String clock(final long nanos) {
        final long seconds = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static double secondsSince(final long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
