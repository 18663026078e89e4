package org.jobqueue.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Watches the heap of a JVM this test started (found among this JVM's child processes by a marker in its command
 * line): {@code jstat -gc <pid> 1000}, one long-lived process, so that watching costs next to nothing; and the
 * process's resident set size from {@code /proc}. Keeps the maxima and the latest sample.
 */
public final class HeapWatch implements AutoCloseable {
    private static final long INTERVAL_MS = 1000;

    private final String name;
    private final long pid;
    private final Process jstat;
    private final Thread reader;
    private volatile long samples;
    private volatile double maxUsedKb;
    private volatile double maxOldUsedKb;
    private volatile double maxCommittedKb;
    private volatile double lastUsedKb;
    private volatile double lastOldUsedKb;
    private volatile long youngGcs;
    private volatile long fullGcs;
    private volatile long maxRssKb;

    private HeapWatch(final String name, final long pid, final Process jstat) {
        this.name = name;
        this.pid = pid;
        this.jstat = jstat;
        this.reader = new Thread(this::read, "heap-watch-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts watching the child JVM whose command line contains {@code marker}. */
    public static HeapWatch start(final String name, final String marker) {
        final long pid = ProcessHandle.current()
                .children()
                .filter(child -> commandLine(child).contains(marker))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no child process with " + marker))
                .pid();
        final Path jstatBinary = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            final Process jstat = new ProcessBuilder(
                            jstatBinary.toString(), "-gc", Long.toString(pid), Long.toString(INTERVAL_MS))
                    .redirectErrorStream(true)
                    .start();
            return new HeapWatch(name, pid, jstat);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start jstat for " + name, e);
        }
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                final List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                } else if (header != null && fields.size() == header.size()) {
                    sample(header, fields);
                }
            }
        } catch (final IOException | RuntimeException e) {
            // The JVM or jstat has gone: keep what was sampled.
        }
    }

    private void sample(final List<String> header, final List<String> fields) {
        final double used = value(header, fields, "S0U")
                + value(header, fields, "S1U")
                + value(header, fields, "EU")
                + value(header, fields, "OU");
        final double committed = value(header, fields, "S0C")
                + value(header, fields, "S1C")
                + value(header, fields, "EC")
                + value(header, fields, "OC");
        final double old = value(header, fields, "OU");
        lastUsedKb = used;
        lastOldUsedKb = old;
        maxUsedKb = Math.max(maxUsedKb, used);
        maxOldUsedKb = Math.max(maxOldUsedKb, old);
        maxCommittedKb = Math.max(maxCommittedKb, committed);
        youngGcs = (long) value(header, fields, "YGC");
        fullGcs = (long) value(header, fields, "FGC");
        rssKb().ifPresent(rss -> maxRssKb = Math.max(maxRssKb, rss));
        samples++;
    }

    private static double value(final List<String> header, final List<String> fields, final String column) {
        final int index = header.indexOf(column);
        if (index < 0) return 0;
        final String text = fields.get(index);
        return "-".equals(text) ? 0 : Double.parseDouble(text);
    }

    private Optional<Long> rssKb() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst();
        } catch (final IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public long pid() {
        return pid;
    }

    /** The highest old-generation occupancy seen, in MiB: what survives young collections. */
    public double maxOldUsedMb() {
        return maxOldUsedKb / 1024;
    }

    public double maxCommittedMb() {
        return maxCommittedKb / 1024;
    }

    public long fullGcs() {
        return fullGcs;
    }

    public long samples() {
        return samples;
    }

    /** One line: samples, heap used (latest and max), old generation (latest and max), committed, GCs, RSS. */
    public String summary() {
        return String.format(
                "%s (pid %d): %d samples; heap used %.0f MiB now, max %.0f MiB; old gen %.0f MiB now, max %.0f MiB;"
                        + " committed max %.0f MiB; %d young GCs, %d full GCs; max RSS %d MiB",
                name,
                pid,
                samples,
                lastUsedKb / 1024,
                maxUsedKb / 1024,
                lastOldUsedKb / 1024,
                maxOldUsedKb / 1024,
                maxCommittedKb / 1024,
                youngGcs,
                fullGcs,
                maxRssKb / 1024);
    }

    @Override
    public void close() {
        jstat.destroy();
        try {
            reader.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String commandLine(final ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                    .replace('\0', ' ');
        } catch (final IOException e) {
            return process.info().commandLine().orElse("");
        }
    }
}
