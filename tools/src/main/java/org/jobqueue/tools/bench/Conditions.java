package org.jobqueue.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/** The machine and the set-up every figure of a run shares: cores, memory, Java, Kafka, broker, worker heap. */
final class Conditions {
    private Conditions() {}

    static Map<String, Object> machine(
            final BenchSettings settings, final BenchEnvironment environment, final int streamThreads) {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_mib", totalMemoryMiB());
        machine.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        machine.put("kafka", AppInfoParser.getVersion());
        machine.put(
                "broker",
                environment.embedded()
                        ? "one embedded KRaft broker in the bench JVM"
                        : "bootstrap " + environment.bootstrapServers());
        machine.put(
                "topology_jvm",
                "a child JVM, -Xmx" + settings.workerHeapMiB() + "m, " + streamThreads + " stream thread"
                        + (streamThreads == 1 ? "" : "s"));
        machine.put("partitions", settings.partitions());
        machine.put("record_bytes", JobStream.MIN_BYTES + "-" + JobStream.MAX_BYTES);
        machine.put("sizes", settings.name());
        return machine;
    }

    /** The 1-minute load average now: other work on the machine makes every figure of a run noisier. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (final IOException | RuntimeException unavailable) {
            return -1;
        }
    }

    private static long totalMemoryMiB() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (final IOException | RuntimeException unavailable) {
            return -1;
        }
        return -1;
    }
}
