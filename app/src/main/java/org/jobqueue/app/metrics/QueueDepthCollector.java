package org.jobqueue.app.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jobqueue.topology.inspect.TypeDepth;

/**
 * The depth of each lane and type in this instance's partitions at the scrape, summed over the partitions (the depths
 * are already summed over databases): {@code jobqueue_queue_jobs{dc,lane,type,state}} and {@code
 * jobqueue_queue_oldest_seconds{dc,lane,type}}. A lane and type once seen stays, at 0 when it has no job (its counter
 * keys are deleted at 0): a series that vanished would read as "no data" on a dashboard, not as an empty queue.
 */
final class QueueDepthCollector implements MultiCollector {
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final Supplier<Collection<TypeDepth>> depths;
    private final String dc;
    private final LongSupplier clock;
    private final Map<String, TypeDepth> seen = new ConcurrentHashMap<>();

    QueueDepthCollector(final Supplier<Collection<TypeDepth>> depths, final String dc, final LongSupplier clock) {
        this.depths = depths;
        this.dc = dc;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        final long now = clock.getAsLong();
        final Families families = new Families();
        final Map<String, TypeDepth> sums = sumByLaneAndType();
        sums.forEach((laneAndType, depth) -> seen.putIfAbsent(laneAndType, empty(depth)));
        seen.forEach((laneAndType, empty) -> sums.putIfAbsent(laneAndType, empty));
        sums.forEach((laneAndType, depth) -> add(families, depth, now));
        return families.snapshots();
    }

    private Map<String, TypeDepth> sumByLaneAndType() {
        final Map<String, TypeDepth> sums = new TreeMap<>();
        for (final TypeDepth depth : depths.get()) {
            sums.merge(depth.lane() + '\u0000' + depth.type(), depth, QueueDepthCollector::sum);
        }
        return sums;
    }

    private static TypeDepth sum(final TypeDepth one, final TypeDepth other) {
        return new TypeDepth(
                one.lane(),
                one.type(),
                null,
                one.ready() + other.ready(),
                one.delayed() + other.delayed(),
                one.inFlight() + other.inFlight(),
                one.held() + other.held(),
                oldest(one.oldestReadyAt(), other.oldestReadyAt()));
    }

    private static TypeDepth empty(final TypeDepth depth) {
        return new TypeDepth(depth.lane(), depth.type(), null, 0, 0, 0, 0, null);
    }

    private static Long oldest(final Long one, final Long other) {
        if (one == null) return other;
        if (other == null) return one;
        return Math.min(one, other);
    }

    private void add(final Families families, final TypeDepth depth, final long now) {
        final Series jobs = series("jobqueue_queue_jobs", depth);
        families.gauge(jobs.with("state", "ready"), depth.ready());
        families.gauge(jobs.with("state", "delayed"), depth.delayed());
        families.gauge(jobs.with("state", "in_flight"), depth.inFlight());
        families.gauge(jobs.with("state", "held"), depth.held());
        final Long oldest = depth.oldestReadyAt();
        final double age = oldest == null ? 0 : Math.max(0, now - oldest) / MILLIS_PER_SECOND;
        families.gauge(series("jobqueue_queue_oldest_seconds", depth), age);
    }

    private Series series(final String family, final TypeDepth depth) {
        final Series series = Series.of(family, "lane", depth.lane(), "type", depth.type());
        return dc == null ? series : series.with("dc", dc);
    }
}
