package org.jobqueue.topology.fanout;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.BacklinkSource;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.topology.stores.ChangelogMarks;

/** The backlinks of one partition's targets, kept by the links feed's changes and read in page-id order. */
final class Backlinks {
    private final KeyValueStore<Bytes, BacklinkSource> store;

    Backlinks(final ProcessingContext context) {
        this.store = context.getStateStore(FanoutStores.BACKLINKS);
    }

    void apply(final LinkChange change) {
        final Bytes key = FanoutKeys.backlink(FanoutKeys.expansionKey(change), change.getSourcePageId());
        if (change.getAdd()) {
            store.put(key, new BacklinkSource(change.getSourceNamespace(), change.getSourceTitle()));
        } else {
            store.delete(key);
        }
    }

    /** At most {@code limit} backlinks of {@code target}, from page id {@code fromPageId} on. */
    List<KeyValue<Bytes, BacklinkSource>> read(final String target, final long fromPageId, final int limit) {
        final List<KeyValue<Bytes, BacklinkSource>> batch = new ArrayList<>(limit);
        try (KeyValueIterator<Bytes, BacklinkSource> links =
                store.range(FanoutKeys.backlink(target, fromPageId), FanoutKeys.targetEnd(target))) {
            while (batch.size() < limit && links.hasNext()) batch.add(links.next());
        }
        return batch;
    }

    /** Gives the store a changelog offset (see {@link ChangelogMarks}). */
    void markChangelog() {
        ChangelogMarks.markIndex(store);
    }
}
