package org.jobqueue.tools.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.app.console.ProgressLine;
import org.jobqueue.app.links.LinkClientProperties;
import org.jobqueue.app.links.LinkImporter;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;

/**
 * One demo run: starts the {@link DemoEnvironment}, plays a planned job stream into it, shows progress until every job
 * is accounted for or the time is up, and reports what happened.
 */
final class Demo implements AutoCloseable {
    static final List<String> DEDUP_REASONS =
            List.of("event-id", "sha1-waiting", "executed-after-creation", "root-superseded", "retry-merged");
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    private final DemoOptions options;
    private final Clock clock;
    private final Instant startedAt;
    private final DemoEnvironment environment;

    private Demo(final DemoOptions options, final Clock clock, final Instant startedAt, final DemoEnvironment env) {
        this.options = options;
        this.clock = clock;
        this.startedAt = startedAt;
        this.environment = env;
    }

    static Demo start(final DemoOptions options, final Clock clock) {
        final Instant startedAt = clock.instant();
        return new Demo(options, clock, startedAt, DemoEnvironment.start());
    }

    Path writeCommandConfig() {
        return environment.writeCommandConfig();
    }

    String bootstrapServers() {
        return environment.bootstrapServers();
    }

    URI adminUrl() {
        return environment.adminUrl();
    }

    URI stubEndpoint() {
        return environment.stubEndpoint();
    }

    /**
     * Produces the jobs, showing the progress on {@code progressLine}; waits until every one is accounted for or
     * {@code --duration} has passed since the start.
     */
    DemoRun run(final ProgressLine progressLine) throws InterruptedException {
        final Instant producingFrom = clock.instant();
        final DemoPlan plan = DemoPlanner.plan(options.jobs(), options.backlinks(), producingFrom, options.seed());
        final long seeded = seedBacklinks(plan);
        try (DemoProducer producer = new DemoProducer(bootstrapServers(), plan, producingFrom, clock)) {
            producer.start();
            progressLine.start(new ProgressLines(this::progress, clock::instant));
            final boolean accountedFor = awaitEnd(producer, plan.count(JobKind.RECURSIVE));
            if (producer.failure() != null) throw new IllegalStateException("Producing failed", producer.failure());
            return result(plan, producer.produced(), seeded, accountedFor, producingFrom);
        }
    }

    @Override
    public void close() {
        environment.close();
    }

    /**
     * Sends the template's backlinks to the links topic and waits until the broker has them all, so that the topology
     * reads them before the recursive jobs that fan out over them.
     */
    private long seedBacklinks(final DemoPlan plan) {
        if (plan.backlinks().isEmpty()) return 0;
        final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                LinkClientProperties.producer(bootstrapServers(), "jobqueue-demo-links"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        try (LinkImporter backlinks = new LinkImporter(producer, DemoConfig.linksTopic())) {
            plan.backlinks().forEach(backlinks::send);
            backlinks.flush();
            return backlinks.acknowledged();
        }
    }

    private boolean awaitEnd(final DemoProducer producer, final long recursive) throws InterruptedException {
        final Instant deadline = startedAt.plus(options.duration());
        while (clock.instant().isBefore(deadline) && producer.failure() == null) {
            Thread.sleep(CHECK_INTERVAL.toMillis());
            final Progress progress = progress();
            if (producer.isDone() && progress.accountsFor(producer.produced(), recursive)) return true;
        }
        return false;
    }

    private Progress progress() {
        return Progress.of(environment.metrics(), environment.executing());
    }

    private DemoRun result(
            final DemoPlan plan,
            final long produced,
            final long seeded,
            final boolean accountedFor,
            final Instant producingFrom) {
        final JobQueueMetrics metrics = environment.metrics();
        final Instant end = clock.instant();
        return new DemoRun(
                accountedFor,
                plan.countsByKind(),
                produced,
                metrics.total(Outcome.RECEIVED),
                metrics.total(Outcome.INVALID),
                metrics.total(Outcome.OK),
                metrics.total(Outcome.RETRIED),
                metrics.total(Outcome.DEDUPLICATED),
                deduplicatedByReason(metrics),
                metrics.total(Outcome.DEAD_LETTERED),
                metrics.total(Outcome.ABANDONED),
                fanout(metrics, seeded),
                environment.stub().stats(),
                Duration.between(startedAt, end),
                Duration.between(producingFrom, end),
                metrics.periodic(DemoConfig.PERIODIC_SCHEDULE, "fired"));
    }

    private static DemoRun.Fanout fanout(final JobQueueMetrics metrics, final long seeded) {
        final Map<String, Long> leaves = new LinkedHashMap<>();
        DemoPlanner.RECURSIVE_TYPES.forEach(type -> leaves.put(
                type,
                metrics.registry()
                        .counter("jobqueue.type." + type + ".fanout.leaves-emitted")
                        .getCount()));
        return new DemoRun.Fanout(
                seeded,
                metrics.totalFanout("expansions-started"),
                metrics.totalFanout("expansions-finished"),
                metrics.totalFanout("expansions-dropped"),
                metrics.totalFanout("backlinks-expanded"),
                leaves);
    }

    private static Map<String, Long> deduplicatedByReason(final JobQueueMetrics metrics) {
        final Map<String, Long> byReason = new LinkedHashMap<>();
        DEDUP_REASONS.forEach(reason -> byReason.put(reason, metrics.deduplicated(reason)));
        return byReason;
    }
}
