package org.jobqueue.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link BenchWorker} in a child JVM with a heap of its own ({@code -Xmx}), optionally recording a JFR profile: its
 * status lines as they come, the largest heap and RSS seen, and {@code gc} on demand.
 */
final class WorkerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer commands;
    private final List<JsonNode> lines = new ArrayList<>();
    private final Thread reader;
    private final RateIntegral storeReads = new RateIntegral();
    private final RateIntegral storeWrites = new RateIntegral();
    private long recordsSent;
    private long peakHeap;
    private long peakRss;

    private WorkerProcess(final Process process) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.reader = new Thread(this::readStatus, "bench-worker-status");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker with {@code args}; its log goes to {@code dir/name.log}, its profile to {@code name.jfr}.
     *
     * @param profile whether to record a JFR profile
     */
    static WorkerProcess start(
            final Path dir, final String name, final int heapMiB, final boolean profile, final List<String> args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMiB + "m");
        if (profile) {
            // Kafka Streams' call stacks are deeper than JFR's default 64 frames: the processors would be cut off.
            command.add("-XX:FlightRecorderOptions:stackdepth=256");
            command.add("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr") + ",settings=profile");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchWorker.class.getName());
        command.addAll(args);
        try {
            final Process process = new ProcessBuilder(command)
                    .redirectError(dir.resolve(name + ".log").toFile())
                    .start();
            return new WorkerProcess(process);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start the bench worker " + name, e);
        }
    }

    /** Waits until a status line satisfies {@code condition} and returns it. */
    JsonNode await(final String what, final Duration timeout, final Predicate<JsonNode> condition) {
        return await(what, timeout, 0, condition);
    }

    /** Waits until a status line from the {@code from}th on satisfies {@code condition} and returns it. */
    JsonNode await(final String what, final Duration timeout, final int from, final Predicate<JsonNode> condition) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = from;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (condition.test(lines.get(seen))) return lines.get(seen);
                }
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && seen == lines.size()) {
                    throw new IllegalStateException("the bench worker did not reach '" + what + "' in " + timeout
                            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                            + "; last status: " + latest());
                }
                waitQuietly(Math.min(left, 1_000));
            }
        }
    }

    JsonNode awaitRunning() {
        return await(
                "RUNNING",
                Duration.ofSeconds(120),
                line -> "RUNNING".equals(line.path("state").asText()));
    }

    /** The latest value of a counter or gauge, 0 before it exists. */
    long metric(final String name) {
        return latest().path("metrics").path(name).asLong(0);
    }

    JsonNode latest() {
        synchronized (lines) {
            return lines.isEmpty() ? JSON.createObjectNode() : lines.get(lines.size() - 1);
        }
    }

    /** Every status line so far. */
    List<JsonNode> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Collects the worker's garbage and returns the heap in use after it. */
    long heapAfterGc() {
        final int from = lines().size();
        send("gc");
        return await("gc", Duration.ofSeconds(60), from, line -> line.path("gc").asBoolean())
                .path("heapUsed")
                .asLong();
    }

    synchronized long peakHeap() {
        return peakHeap;
    }

    synchronized long peakRss() {
        return peakRss;
    }

    /** Its CPU time and Kafka Streams' totals so far (the store totals only when it reports their rates). */
    synchronized ProfileFigures.Sample profileSample() {
        final long cpuNanos = process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(-1L);
        return new ProfileFigures.Sample(cpuNanos, storeReads.total(), storeWrites.total(), recordsSent);
    }

    synchronized void resetPeaks() {
        peakHeap = 0;
        peakRss = 0;
    }

    @Override
    public void close() {
        try {
            send("stop");
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly();
            process.waitFor();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (final UncheckedIOException alreadyGone) {
            process.destroyForcibly();
        }
    }

    private void send(final String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException("The bench worker does not listen", e);
        }
    }

    private void readStatus() {
        try (BufferedReader status =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = status.readLine(); line != null; line = status.readLine()) {
                if (!line.startsWith("{")) continue;
                final JsonNode parsed = JSON.readTree(line);
                synchronized (this) {
                    peakHeap = Math.max(peakHeap, parsed.path("heapUsed").asLong());
                    peakRss = Math.max(peakRss, parsed.path("rss").asLong());
                    addStreamsTotals(parsed);
                }
                synchronized (lines) {
                    lines.add(parsed);
                    lines.notifyAll();
                }
            }
        } catch (final IOException ended) {
            // The worker has exited; await reports it.
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    private void addStreamsTotals(final JsonNode line) {
        final JsonNode streams = line.path("streams");
        if (streams.isMissingNode()) return;
        final long millis = line.path("t").asLong();
        storeReads.add(millis, streams.path(BenchWorker.STORE_READS).asDouble());
        storeWrites.add(millis, streams.path(BenchWorker.STORE_WRITES).asDouble());
        recordsSent = streams.path(BenchWorker.RECORDS_SENT).asLong();
    }

    private void waitQuietly(final long millis) {
        try {
            lines.wait(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the bench worker", e);
        }
    }
}
