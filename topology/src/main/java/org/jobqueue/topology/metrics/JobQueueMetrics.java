package org.jobqueue.topology.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jobqueue.topology.config.LaneNames;

/**
 * jobqueue's counters and gauges, in a Dropwizard registry that the application reports over JMX.
 *
 * <p>Counters: {@code jobqueue.jobs.<outcome>} for all types and {@code jobqueue.type.<type>.<outcome>} per type, where
 * the outcome is one of {@link Outcome}; duplicates also count by reason as {@code deduplicated.<reason>}. Gauges:
 * {@code jobqueue.lane.<lane>.waiting|delayed|in-flight}, the sums over this instance's partitions. Timers: {@code
 * jobqueue.lane.<lane>.release-delay}, from a job's {@code meta.dt} to its first release.
 *
 * <p>Per-type counters are kept for at most {@link #MAX_TYPES} type names: those of a flood of one-off names (a bug, or
 * garbage that passed validation) count under {@value #OTHER_TYPE} instead of growing the registry without bound.
 *
 * <p>The application hands its instance to the processors through the Kafka Streams configuration, under {@link
 * #CONFIG_KEY}; the processors look it up with {@link #from}.
 */
public final class JobQueueMetrics {
    /** The Kafka Streams configuration key whose value is the instance the processors report to. */
    public static final String CONFIG_KEY = "jobqueue.metrics";
    /** How many type names get counters of their own. */
    public static final int MAX_TYPES = 500;
    /** The type name the counters of types beyond {@link #MAX_TYPES} go to. */
    public static final String OTHER_TYPE = "other";

    /** What can happen to a job; each has a counter. */
    public enum Outcome {
        RECEIVED,
        INVALID,
        DISABLED,
        DEDUPLICATED,
        DELAYED,
        RELEASED,
        OK,
        RETRIED,
        DEAD_LETTERED,
        ABANDONED,
        STALE_RESULT,
        /** read from another DC's topics: held until this DC takes that DC over, or that DC runs it */
        HELD,
        /** a held job that another DC's mirrored result says ran there */
        RAN_REMOTELY,
        /** a held job handed to this DC's queue by a takeover */
        TAKEN_OVER,
        /** a held job older than the dedup window, dropped: a replay can bring it back */
        EXPIRED,
        /** dropped by an operator's drop rule: on arrival, or while waiting under a rule with purge */
        DROPPED;

        private final String metricName = name().toLowerCase(Locale.ROOT).replace('_', '-');

        public String metricName() {
            return metricName;
        }
    }

    /** The size of one lane in one partition. */
    public record LaneSize(long ready, long delayed, long inFlight) {
        public static final LaneSize EMPTY = new LaneSize(0, 0, 0);
    }

    private final MetricRegistry registry;
    private final Map<String, Map<String, LaneSize>> laneSizesByTask = new ConcurrentHashMap<>();
    private final Map<String, Long> expansionsByTask = new ConcurrentHashMap<>();
    // Every job counts several outcomes: look each counter up once, not by a new name string each time.
    private final Counter[] totals = new Counter[Outcome.values().length];
    private final Map<String, Counter[]> byType = new ConcurrentHashMap<>();
    private final Map<String, Timer> releaseDelays = new ConcurrentHashMap<>();
    private final LeafFlow leafFlow = new LeafFlow();

    public JobQueueMetrics(final MetricRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        LaneNames.BUILT_IN.forEach(this::releaseDelay);
        registry.register("jobqueue.fanout.expansions-running", (Gauge<Long>) this::expansionsRunning);
        registry.register(
                "jobqueue.fanout.leaf-wait-ms", (Gauge<Long>) () -> leafFlow.unreadWait(System.currentTimeMillis()));
    }

    /** How far this instance's queue tasks read behind the fan-out's leaves: the expansions pace themselves on it. */
    public LeafFlow leafFlow() {
        return leafFlow;
    }

    /**
     * The instance in a processor's {@code appConfigs()}, or a new one of its own when there is none (a test driver
     * that does not read the metrics).
     */
    public static JobQueueMetrics from(final Map<String, Object> appConfigs) {
        final Object metrics = appConfigs.get(CONFIG_KEY);
        if (metrics == null) return new JobQueueMetrics(new MetricRegistry());
        if (metrics instanceof JobQueueMetrics instance) return instance;
        throw new IllegalArgumentException(CONFIG_KEY + " must be a JobQueueMetrics, got " + metrics.getClass());
    }

    /**
     * Fan-out counters: {@code jobqueue.fanout.<what>} and {@code jobqueue.type.<type>.fanout.<what>}, where what is
     * expansions-started, expansions-finished, expansions-dropped, backlinks-expanded or leaves-emitted.
     */
    public void countFanout(final String type, final String what, final long count) {
        counter("jobqueue.fanout." + what).inc(count);
        counter("jobqueue.type." + named(type) + ".fanout." + what).inc(count);
    }

    /** A fan-out tick that moved no expansion on: the queue had not read the leaves before it (see {@link LeafFlow}). */
    public void countPacedTick() {
        counter("jobqueue.fanout.ticks-paced").inc();
    }

    public long totalFanout(final String what) {
        return counter("jobqueue.fanout." + what).getCount();
    }

    /**
     * Periodic counters: {@code jobqueue.periodic.<what>} and {@code jobqueue.periodic.<schedule>.<what>}, where what
     * is fired, overlap (a period skipped: its previous job still waiting or in flight) or caught-up.
     */
    public void countPeriodic(final String schedule, final String what, final long count) {
        if (count == 0) return;
        counter("jobqueue.periodic." + what).inc(count);
        counter("jobqueue.periodic." + schedule + "." + what).inc(count);
    }

    public long periodic(final String schedule, final String what) {
        return counter("jobqueue.periodic." + schedule + "." + what).getCount();
    }

    /** How many expansions a task has running. */
    public void reportExpansions(final String task, final long running) {
        expansionsByTask.put(task, running);
    }

    public long expansionsRunning() {
        return expansionsByTask.values().stream().mapToLong(Long::longValue).sum();
    }

    public MetricRegistry registry() {
        return registry;
    }

    public void count(final String type, final Outcome outcome) {
        final int index = outcome.ordinal();
        if (totals[index] == null) totals[index] = counter("jobqueue.jobs." + outcome.metricName());
        final String named = named(type);
        final Counter[] ofType = byType.computeIfAbsent(named, t -> new Counter[totals.length]);
        if (ofType[index] == null) ofType[index] = counter("jobqueue.type." + named + "." + outcome.metricName());
        totals[index].inc();
        ofType[index].inc();
    }

    /** A job created at {@code createdAt} ({@code meta.dt}, epoch ms) released for its first attempt at {@code now}. */
    public void firstReleased(final String lane, final long createdAt, final long now) {
        releaseDelay(lane).update(Math.max(0, now - createdAt), TimeUnit.MILLISECONDS);
    }

    /** An input that never became a job, so it has no type. */
    public void countInvalid() {
        counter("jobqueue.jobs." + Outcome.INVALID.metricName()).inc();
    }

    public void countDeduplicated(final String type, final String reason) {
        count(type, Outcome.DEDUPLICATED);
        count(type, Outcome.DEDUPLICATED.metricName() + "." + reason);
    }

    /** The total over all types. */
    public long total(final Outcome outcome) {
        return counter("jobqueue.jobs." + outcome.metricName()).getCount();
    }

    public long total(final String type, final Outcome outcome) {
        return counter("jobqueue.type." + type + "." + outcome.metricName()).getCount();
    }

    public long deduplicated(final String reason) {
        return counter("jobqueue.jobs.deduplicated." + reason).getCount();
    }

    public void reportLaneSize(final String task, final String lane, final LaneSize size) {
        releaseDelay(lane);
        laneSizesByTask.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(lane, size);
    }

    public void forgetTask(final String task) {
        laneSizesByTask.remove(task);
    }

    public LaneSize laneSize(final String lane) {
        long ready = 0, delayed = 0, inFlight = 0;
        for (final Map<String, LaneSize> sizes : laneSizesByTask.values()) {
            final LaneSize size = sizes.getOrDefault(lane, LaneSize.EMPTY);
            ready += size.ready();
            delayed += size.delayed();
            inFlight += size.inFlight();
        }
        return new LaneSize(ready, delayed, inFlight);
    }

    private void count(final String type, final String outcome) {
        counter("jobqueue.jobs." + outcome).inc();
        counter("jobqueue.type." + named(type) + "." + outcome).inc();
    }

    /** {@code type}, or {@value #OTHER_TYPE} once {@link #MAX_TYPES} other names have counters. */
    private String named(final String type) {
        if (byType.containsKey(type) || byType.size() < MAX_TYPES) return type;
        return OTHER_TYPE;
    }

    private Counter counter(final String name) {
        return registry.counter(name);
    }

    // A lane's metrics are registered once, when it is first seen: the built-in lanes at once, the others at the first
    // tick that reports them.
    private Timer releaseDelay(final String lane) {
        return releaseDelays.computeIfAbsent(lane, this::registerLane);
    }

    private Timer registerLane(final String lane) {
        registerLaneGauge(lane, "waiting", size -> size.ready() + size.delayed());
        registerLaneGauge(lane, "ready", LaneSize::ready);
        registerLaneGauge(lane, "delayed", LaneSize::delayed);
        registerLaneGauge(lane, "in-flight", LaneSize::inFlight);
        return registry.timer("jobqueue.lane." + lane + ".release-delay", LatencyTimer::new);
    }

    private void registerLaneGauge(
            final String lane, final String name, final java.util.function.ToLongFunction<LaneSize> part) {
        registry.register("jobqueue.lane." + lane + "." + name, (Gauge<Long>) () -> part.applyAsLong(laneSize(lane)));
    }
}
