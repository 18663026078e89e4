package org.jobqueue.tools.bench;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.jobqueue.app.config.ConfigLoader;
import org.jobqueue.app.run.JobQueueInstance;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;

/**
 * The measured side of a bench scenario, in a JVM of its own so that its heap is the topology's alone: either
 * jobqueue's topology ({@code jobqueue CONFIG}) or a plain pass-through of the job topics ({@code pass-through CONFIG
 * OUT_TOPIC}). Prints one JSON status line a sample period on stdout (heap, RSS, state, every counter and gauge) and
 * obeys {@code gc} (collect, then report the heap) and {@code stop} on stdin.
 */
public final class BenchWorker {
    static final long SAMPLE_MILLIS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final AutoCloseable running;
    private final StateSource state;
    private final JobQueueMetrics metrics;

    private interface StateSource {
        String state();
    }

    private BenchWorker(
            final PrintStream out,
            final AutoCloseable running,
            final StateSource state,
            final JobQueueMetrics metrics) {
        this.out = out;
        this.running = running;
        this.state = state;
        this.metrics = metrics;
    }

    public static void main(final String[] args) throws Exception {
        final JobQueueConfig config = ConfigLoader.load(Path.of(args[1]));
        final BenchWorker worker = "pass-through".equals(args[0]) ? passThrough(config, args[2]) : jobQueue(config);
        worker.serve();
        System.exit(0);
    }

    private static BenchWorker jobQueue(final JobQueueConfig config) {
        final JobQueueInstance instance = new JobQueueInstance(config);
        instance.start();
        return new BenchWorker(System.out, instance, () -> instance.state().name(), instance.metrics());
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
        return new BenchWorker(System.out, streams::close, () -> streams.state().name(), null);
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
        line.put("state", state.state());
        line.put(
                "heapUsed",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        line.put("rss", residentBytes());
        if (metrics == null) return line;
        final ObjectNode values = line.putObject("metrics");
        for (final Map.Entry<String, Counter> counter :
                metrics.registry().getCounters().entrySet()) {
            if (counter.getKey().startsWith("jobqueue.jobs.")
                    || counter.getKey().startsWith("jobqueue.fanout."))
                values.put(counter.getKey(), counter.getValue().getCount());
        }
        for (final Map.Entry<String, Gauge> gauge :
                metrics.registry().getGauges().entrySet()) {
            if (gauge.getValue().getValue() instanceof Long value) values.put(gauge.getKey(), value);
        }
        return line;
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
