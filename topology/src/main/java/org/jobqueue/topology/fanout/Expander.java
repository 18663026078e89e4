package org.jobqueue.topology.fanout;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.schemas.BacklinkSource;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.Job;
import org.jobqueue.topology.config.FanoutConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;

/**
 * One step of one expansion: reads at most {@code batch} backlinks from the cursor, emits their leaves, and moves the
 * cursor past them in the same store write (so under exactly-once a crash resumes at the cursor, with no duplicate and
 * no missing leaf). An expansion whose cursor reaches the end of its target's backlinks is finished.
 */
final class Expander {
    private static final FanoutConfig DEFAULT_FANOUT = new FanoutConfig(null, null);

    private final Backlinks backlinks;
    private final Expansions expansions;
    private final JobQueueConfig config;
    private final JobQueueMetrics metrics;

    Expander(
            final Backlinks backlinks,
            final Expansions expansions,
            final JobQueueConfig config,
            final JobQueueMetrics metrics) {
        this.backlinks = backlinks;
        this.expansions = expansions;
        this.config = config;
        this.metrics = metrics;
    }

    /** Expands at most {@code budget} backlinks of {@code expansion}; returns how many it read. */
    int step(final String key, final Expansion expansion, final int budget, final long now, final Consumer<Job> emit) {
        final FanoutConfig fanout = fanoutOf(expansion.getJob().getType());
        final int limit = Math.min(fanout.batch(), budget);
        final List<KeyValue<Bytes, BacklinkSource>> batch =
                backlinks.read(targetOf(key), expansion.getNextPageId(), limit);
        final List<Job> leaves = LeafBuilder.leaves(expansion, batch, fanout.pagesPerJob(), now);
        leaves.forEach(emit);
        metrics.countFanout(expansion.getJob().getType(), "backlinks-expanded", batch.size());
        metrics.countFanout(expansion.getJob().getType(), "leaves-emitted", leaves.size());
        if (batch.size() < limit) {
            expansions.remove(key);
            metrics.countFanout(expansion.getJob().getType(), "expansions-finished", 1);
        } else {
            expansions.advance(key, advanced(expansion, batch, leaves.size()));
        }
        return Math.max(batch.size(), 1);
    }

    private static Expansion advanced(
            final Expansion expansion, final List<KeyValue<Bytes, BacklinkSource>> batch, final int leaves) {
        return Expansion.newBuilder(expansion)
                .setNextPageId(FanoutKeys.pageIdOf(batch.get(batch.size() - 1).key) + 1)
                .setBacklinksExpanded(expansion.getBacklinksExpanded() + batch.size())
                .setLeavesEmitted(expansion.getLeavesEmitted() + leaves)
                .build();
    }

    private FanoutConfig fanoutOf(final String type) {
        final FanoutConfig fanout = config.type(type).fanout();
        return fanout != null ? fanout : DEFAULT_FANOUT;
    }

    /** The expansion key of an expansions store key ({@code expansion key | 0x00 | event id}). */
    static String targetOf(final String expansionStoreKey) {
        return expansionStoreKey.substring(0, expansionStoreKey.indexOf('\u0000'));
    }
}
