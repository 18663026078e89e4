package org.jobqueue.tools.processes;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jobqueue} command in a JVM of its own, started from this JVM's class path, so that a test or the soak can kill
 * it ({@code kill -9}) or stop it ({@code SIGTERM}) like an operator would. Its output goes to files in {@code dir}.
 */
public final class JobQueueProcess implements AutoCloseable {
    private static final String MAIN_CLASS = "org.jobqueue.tools.JobQueueTools";

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JobQueueProcess(final String name, final Process process, final Path stdout, final Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code jobqueue <args>} with a heap of {@code heapMb} MiB. */
    public static JobQueueProcess start(final String name, final Path dir, final int heapMb, final String... args) {
        final List<String> command = new ArrayList<>(
                List.of(javaBinary(), "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        command.addAll(List.of(args));
        final Path stdout = dir.resolve(name + ".out");
        final Path stderr = dir.resolve(name + ".err");
        try {
            keepEarlierLogs(dir, name);
            final Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            return new JobQueueProcess(name, process, stdout, stderr);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    // A process started again under the same name (after a kill) writes new logs: its earlier ones are evidence.
    private static void keepEarlierLogs(final Path dir, final String name) throws IOException {
        if (!Files.exists(dir.resolve(name + ".out")) && !Files.exists(dir.resolve(name + ".err"))) return;
        int start = 1;
        while (Files.exists(dir.resolve(name + "." + start + ".out"))) start++;
        for (final String suffix : List.of(".out", ".err")) {
            final Path log = dir.resolve(name + suffix);
            if (Files.exists(log)) Files.move(log, dir.resolve(name + "." + start + suffix));
        }
    }

    /** Waits for a line of standard output that matches {@code pattern}, and returns its first group. */
    public String awaitOutput(final Pattern pattern, final Duration timeout) {
        return await(name + " printing " + pattern)
                .atMost(timeout)
                .until(() -> firstMatch(pattern), Optional::isPresent)
                .orElseThrow();
    }

    /** The first group of every line of standard output so far that matches {@code pattern}. */
    public List<String> output(final Pattern pattern) {
        return read(stdout)
                .lines()
                .map(pattern::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    private Optional<String> firstMatch(final Pattern pattern) {
        if (!process.isAlive() && process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(stderr));
        }
        return read(stdout)
                .lines()
                .map(pattern::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst();
    }

    /** {@code kill -9}: no shutdown hook, no commit, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** {@code SIGTERM}, then waits for a clean exit. */
    public int stop() {
        process.destroy();
        return waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private int waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS))
                process.destroyForcibly().waitFor();
            return process.exitValue();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String errors() {
        return tail(stderr);
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }

    private static String tail(final Path file) {
        final List<String> lines = read(file).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
