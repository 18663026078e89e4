package org.jobqueue.topology.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.jobqueue.schemas.BacklinkSource;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.topology.ChangelogMarks;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.intake.RootRegistry;
import org.jobqueue.topology.metrics.JobQueueMetrics;

/**
 * The fan-out of one partition of (database, table, target): backlink changes keep the backlinks store, recursive jobs
 * start expansions, and a wall-clock tick moves the expansions on in turn, reading at most {@code max_scan_per_tick}
 * backlinks in all. A superseded or abandoned root job's expansion stops.
 */
public final class ExpansionProcessor implements Processor<String, ExpansionRequest, String, Job> {
    private static final int EXPANSIONS_PER_TICK = 64;

    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;
    private ProcessorContext<String, Job> context;
    private KeyValueStore<Bytes, BacklinkSource> backlinks;
    private KeyValueStore<String, Expansion> expansions;
    private RootRegistry roots;
    private Expander expander;
    private String resumeAfter;
    private long running;
    private boolean changelogsMarked;

    private ExpansionProcessor(final JobQueueConfig config, final JobQueueMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** The supplier, which owns the fan-out's stores. */
    public static ProcessorSupplier<String, ExpansionRequest, String, Job> supplier(
            final JobQueueConfig config, final JobQueueMetrics metrics) {
        final Set<StoreBuilder<?>> stores = FanoutStores.builders();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ExpansionRequest, String, Job> get() {
                return new ExpansionProcessor(config, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    @Override
    public void init(final ProcessorContext<String, Job> context) {
        this.context = context;
        this.backlinks = context.getStateStore(FanoutStores.BACKLINKS);
        this.expansions = context.getStateStore(FanoutStores.EXPANSIONS);
        this.roots = new RootRegistry(context);
        this.expander = new Expander(backlinks, expansions, config, metrics);
        this.running = countExpansions();
        context.schedule(config.queue().tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void close() {
        if (context != null) metrics.reportExpansions(context.taskId().toString(), 0);
    }

    @Override
    public void process(final Record<String, ExpansionRequest> record) {
        final ExpansionRequest request = record.value();
        if (request == null) return;
        if (request.getLink() != null) apply(request.getLink());
        if (request.getJob() != null) start(record.key(), request.getJob());
    }

    private void apply(final LinkChange change) {
        final Bytes key = FanoutKeys.backlink(FanoutKeys.expansionKey(change), change.getSourcePageId());
        if (change.getAdd()) {
            backlinks.put(key, new BacklinkSource(change.getSourceNamespace(), change.getSourceTitle()));
        } else {
            backlinks.delete(key);
        }
    }

    private void start(final String target, final Job job) {
        final String key = target + '\u0000' + job.getEventId();
        if (expansions.get(key) != null) return;
        expansions.put(
                key,
                new Expansion(
                        job,
                        job.getFanout().getTable(),
                        job.getFanout().getTargetNamespace(),
                        job.getFanout().getTargetTitle(),
                        job.getFanout().getRangeStart(),
                        0L,
                        0L,
                        context.currentSystemTimeMs()));
        running++;
        metrics.countFanout(job.getType(), "expansions-started", 1);
    }

    private void tick(final long now) {
        if (!changelogsMarked) {
            ChangelogMarks.markIndex(backlinks);
            ChangelogMarks.mark(expansions);
            changelogsMarked = true;
        }
        int budget = config.queue().maxScanPerTick();
        for (final KeyValue<String, Expansion> expansion : nextExpansions()) {
            if (budget <= 0) break;
            resumeAfter = expansion.key;
            if (isDelayed(expansion.value.getJob(), now)) continue;
            if (isStale(expansion.value.getJob(), now)) {
                expansions.delete(expansion.key);
                running--;
                metrics.countFanout(expansion.value.getJob().getType(), "expansions-dropped", 1);
            } else {
                budget -= expander.step(expansion.key, expansion.value, budget, now, this::emit);
                if (expansions.get(expansion.key) == null) running--;
            }
        }
        metrics.reportExpansions(context.taskId().toString(), running);
    }

    // A delayed recursive job expands once due, as MediaWiki splits a base job only when it runs.
    private static boolean isDelayed(final Job job, final long now) {
        return job.getDelayUntil() != null && job.getDelayUntil() > now;
    }

    // Once per task start: expansions in progress are few (one per recursive job being expanded).
    private long countExpansions() {
        long count = 0;
        try (KeyValueIterator<String, Expansion> all = expansions.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    private boolean isStale(final Job job, final long now) {
        final RootEvent root = job.getRootEvent();
        if (root == null) return false;
        return roots.isSuperseded(job.getDatabase(), root)
                || root.getDt() < now - config.defaults().rootClaimTtl().toMillis();
    }

    private void emit(final Job leaf) {
        context.forward(new Record<>(leaf.getJobKey(), leaf, context.currentSystemTimeMs()));
    }

    /** Up to {@link #EXPANSIONS_PER_TICK} expansions, continuing after the last one served. */
    private List<KeyValue<String, Expansion>> nextExpansions() {
        final List<KeyValue<String, Expansion>> next = new ArrayList<>();
        collect(resumeAfter == null ? null : resumeAfter + '\u0000', null, next);
        if (resumeAfter != null) collect(null, resumeAfter, next);
        return next;
    }

    // Each expansion at most once per tick, so that no step works from a cursor a previous step has moved.
    private void collect(final String from, final String to, final List<KeyValue<String, Expansion>> into) {
        try (KeyValueIterator<String, Expansion> entries = expansions.range(from, to)) {
            while (into.size() < EXPANSIONS_PER_TICK && entries.hasNext()) {
                final KeyValue<String, Expansion> entry = entries.next();
                if (into.stream().noneMatch(taken -> taken.key.equals(entry.key))) into.add(entry);
            }
        }
    }
}
