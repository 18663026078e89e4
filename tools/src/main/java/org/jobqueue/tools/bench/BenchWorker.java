package org.jobqueue.tools.bench;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.jobqueue.app.config.ConfigLoader;
import org.jobqueue.app.executor.JobExecutors;
import org.jobqueue.app.run.JobQueueInstance;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The measured side of a bench scenario, in a JVM of its own so that its heap is the topology's alone: either
 * jobqueue's topology ({@code jobqueue CONFIG}), a plain pass-through of the job topics ({@code pass-through CONFIG
 * OUT_TOPIC}), or the executors of every lane, as {@code jobqueue execute} runs them ({@code execute CONFIG}). Prints
 * one JSON status line a sample period on stdout (heap, RSS, state, every counter and gauge; with
 * {@code metrics.recording.level: DEBUG} in the configuration's {@code kafka} map, also Kafka Streams' state store
 * rates and records sent) and obeys {@code gc} (collect, then report the heap) and {@code stop} on stdin.
 */
public final class BenchWorker {
    static final long SAMPLE_MILLIS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String STORE_READS = "store_reads_per_s";
    static final String STORE_WRITES = "store_writes_per_s";
    static final String RECORDS_SENT = "records_sent";
    private static final String RECORDING_LEVEL = "metrics.recording.level";
    private static final Set<String> STORE_READ_RATES =
            Set.of("get-rate", "range-rate", "prefix-scan-rate", "all-rate");
    private static final Set<String> STORE_WRITE_RATES =
            Set.of("put-rate", "put-if-absent-rate", "put-all-rate", "delete-rate");

    private final PrintStream out;
    private final AutoCloseable running;
    private final Supplier<String> state;
    private final MetricRegistry metrics;
    private final KafkaStreams profiled;

    private BenchWorker(
            final PrintStream out,
            final AutoCloseable running,
            final Supplier<String> state,
            final MetricRegistry metrics,
            final KafkaStreams profiled) {
        this.out = out;
        this.running = running;
        this.state = state;
        this.metrics = metrics;
        this.profiled = profiled;
    }

    public static void main(final String[] args) throws Exception {
        final JobQueueConfig config = ConfigLoader.load(Path.of(args[1]));
        final BenchWorker worker = switch (args[0]) {
            case "pass-through" -> passThrough(config, args[2]);
            case "execute" -> executors(config);
            default -> jobQueue(config);
        };
        worker.serve();
        System.exit(0);
    }

    private static BenchWorker jobQueue(final JobQueueConfig config) {
        final JobQueueInstance instance = new JobQueueInstance(config);
        instance.start();
        return new BenchWorker(
                System.out,
                instance,
                () -> instance.state().name(),
                instance.metrics().registry(),
                profiled(config, instance.streams()));
    }

    /** The executors of every lane, as {@code jobqueue execute} runs them. */
    private static BenchWorker executors(final JobQueueConfig config) {
        final MetricRegistry registry = new MetricRegistry();
        final JobExecutors executors =
                new JobExecutors(config, Set.copyOf(config.queue().lanes()), registry);
        executors.start();
        return new BenchWorker(System.out, executors, () -> executors.health().state(), registry, null);
    }

    private static KafkaStreams profiled(final JobQueueConfig config, final KafkaStreams streams) {
        return "DEBUG".equals(String.valueOf(config.kafka().get(RECORDING_LEVEL))) ? streams : null;
    }

    /** Kafka Streams with the same properties as jobqueue's, copying every job event to {@code outTopic}. */
    private static BenchWorker passThrough(final JobQueueConfig config, final String outTopic) {
        final Properties properties = JobQueueTopology.streamsProperties(config);
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        builder.stream(
                        config.topicRegistry().jobEventsPattern(),
                        Consumed.with(JobSerdes.bytes(), JobSerdes.bytes()).withName("job-events-source"))
                .to(
                        outTopic,
                        Produced.with(JobSerdes.bytes(), JobSerdes.bytes()).withName("pass-through-sink"));
        final KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        streams.start();
        return new BenchWorker(
                System.out, streams::close, () -> streams.state().name(), null, profiled(config, streams));
    }

    private void serve() throws Exception {
        final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> print(status()), 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        final BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null && !"stop".equals(line); line = commands.readLine()) {
            if ("gc".equals(line)) {
                System.gc();
                final ObjectNode after = status();
                after.put("gc", true);
                print(after);
            }
        }
        sampler.shutdownNow();
        running.close();
    }

    private synchronized void print(final ObjectNode line) {
        out.println(line);
        out.flush();
    }

    private ObjectNode status() {
        final ObjectNode line = JSON.createObjectNode();
        line.put("t", System.currentTimeMillis());
        line.put("state", state.get());
        line.put(
                "heapUsed",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        line.put("rss", residentBytes());
        if (profiled != null) putStreamsTotals(line.putObject("streams"));
        if (metrics == null) return line;
        final ObjectNode values = line.putObject("metrics");
        for (final Map.Entry<String, Counter> counter : metrics.getCounters().entrySet()) {
            if (counter.getKey().startsWith("jobqueue.jobs.")
                    || counter.getKey().startsWith("jobqueue.fanout.")
                    || counter.getKey().startsWith("jobqueue.executor."))
                values.put(counter.getKey(), counter.getValue().getCount());
        }
        for (final Map.Entry<String, Gauge> gauge : metrics.getGauges().entrySet()) {
            if (gauge.getValue().getValue() instanceof Long value) values.put(gauge.getKey(), value);
        }
        return line;
    }

    /** Kafka Streams' state store rates (it keeps no totals of them) and its producers' records sent. */
    private void putStreamsTotals(final ObjectNode streams) {
        double reads = 0;
        double writes = 0;
        double sent = 0;
        for (final Metric metric : profiled.metrics().values()) {
            final MetricName name = metric.metricName();
            if (!(metric.metricValue() instanceof Double value) || value.isNaN()) continue;
            if ("stream-state-metrics".equals(name.group())) {
                if (STORE_READ_RATES.contains(name.name())) reads += value;
                if (STORE_WRITE_RATES.contains(name.name())) writes += value;
            } else if ("producer-metrics".equals(name.group()) && "record-send-total".equals(name.name())) {
                sent += value;
            }
        }
        streams.put(STORE_READS, reads);
        streams.put(STORE_WRITES, writes);
        streams.put(RECORDS_SENT, (long) sent);
    }

    /** The resident set size from {@code /proc/self/status}, or -1 where there is none. */
    private static long residentBytes() {
        try {
            for (final String field : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (field.startsWith("VmRSS:")) return 1024 * Long.parseLong(field.replaceAll("[^0-9]", ""));
            }
        } catch (final IOException | RuntimeException unavailable) {
            return -1;
        }
        return -1;
    }
}
