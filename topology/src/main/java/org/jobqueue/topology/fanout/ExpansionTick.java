package org.jobqueue.topology.fanout;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.LeafFlow;
import org.jobqueue.topology.roots.RootRegistry;
import org.jobqueue.topology.stores.ChangelogMarks;

/**
 * The fan-out's wall-clock tick: moves the expansions on in turn, reading at most {@code max_scan_per_tick} backlinks in
 * all, unless the queue has not yet read leaves that waited longer than {@code queue.max_leaf_wait} (see {@link
 * LeafFlow}). A superseded or abandoned root job's expansion stops. The first tick gives the stores a changelog offset
 * (see {@link ChangelogMarks}).
 */
final class ExpansionTick implements Punctuator {
    private final ProcessorContext<String, Job> context;
    private final Backlinks backlinks;
    private final Expansions expansions;
    private final Expander expander;
    private final RootRegistry roots;
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;
    private boolean changelogsMarked;
    private boolean emitted;

    ExpansionTick(
            final ProcessorContext<String, Job> context,
            final Backlinks backlinks,
            final Expansions expansions,
            final JobQueueConfig config,
            final JobQueueMetrics metrics) {
        this.context = context;
        this.backlinks = backlinks;
        this.expansions = expansions;
        this.expander = new Expander(backlinks, expansions, config, metrics);
        this.roots = new RootRegistry(context);
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void punctuate(final long now) {
        if (!changelogsMarked) {
            backlinks.markChangelog();
            expansions.markChangelog();
            changelogsMarked = true;
        }
        if (metrics.leafFlow().unreadWait(now) > config.queue().maxLeafWait().toMillis()) {
            metrics.countPacedTick();
            return;
        }
        int budget = config.queue().maxScanPerTick();
        for (final KeyValue<String, Expansion> expansion : expansions.inTurn()) {
            if (budget <= 0) break;
            expansions.served(expansion.key);
            final Job job = expansion.value.getJob();
            if (isDelayed(job, now)) continue;
            if (isStale(job, now)) {
                expansions.remove(expansion.key);
                metrics.countFanout(job.getType(), "expansions-dropped", 1);
            } else {
                budget -= expander.step(expansion.key, expansion.value, budget, now, this::emit);
            }
        }
        metrics.reportExpansions(context.taskId().toString(), expansions.running());
        if (emitted) metrics.leafFlow().emitted(now);
        emitted = false;
    }

    // A delayed recursive job expands once due, as MediaWiki splits a base job only when it runs.
    private static boolean isDelayed(final Job job, final long now) {
        return job.getDelayUntil() != null && job.getDelayUntil() > now;
    }

    private boolean isStale(final Job job, final long now) {
        final RootEvent root = job.getRootEvent();
        if (root == null) return false;
        return roots.isSuperseded(job.getDatabase(), root)
                || root.getDt() < now - config.defaults().rootClaimTtl().toMillis();
    }

    private void emit(final Job leaf) {
        context.forward(new Record<>(leaf.getJobKey(), leaf, context.currentSystemTimeMs()));
        emitted = true;
    }
}
