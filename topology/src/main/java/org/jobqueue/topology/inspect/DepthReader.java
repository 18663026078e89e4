package org.jobqueue.topology.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.topology.queue.state.Counters;
import org.jobqueue.topology.queue.state.QueueKeys;
import org.jobqueue.topology.queue.state.QueueStores;

/** Reads the depth counters (see {@link Counters}): a range scan per lane, summed per type or per type and database. */
final class DepthReader {
    private final ReadOnlyKeyValueStore<String, Long> counters;
    private final ReadOnlyKeyValueStore<Bytes, String> ready;
    private final ReadOnlyKeyValueStore<String, QueuedJob> waiting;

    private final List<String> lanes;

    DepthReader(final StoreLookup stores, final List<String> lanes) {
        this.lanes = lanes;
        this.counters = stores.keyValueStore(QueueStores.DEPTHS);
        this.ready = stores.keyValueStore(QueueStores.READY);
        this.waiting = stores.keyValueStore(QueueStores.WAITING);
    }

    List<TypeDepth> depth(final String type, final String database) {
        final List<TypeDepth> depths = new ArrayList<>();
        for (final String lane : lanes) {
            for (final Map.Entry<String, long[]> group :
                    countsOf(lane, type, database).entrySet()) {
                depths.add(depthOf(lane, group.getKey(), database, group.getValue()));
            }
        }
        return depths;
    }

    /** The counts of each group (type, or type and database) of a lane: ready, delayed, in flight, held. */
    private Map<String, long[]> countsOf(final String lane, final String type, final String database) {
        final Map<String, long[]> groups = new TreeMap<>();
        final String prefix = type == null ? Counters.depthPrefix(lane) : Counters.depthPrefix(lane, type);
        try (KeyValueIterator<String, Long> entries = counters.range(prefix, Counters.depthPrefixEnd(prefix))) {
            while (entries.hasNext()) {
                final KeyValue<String, Long> entry = entries.next();
                final String[] parts = Counters.depthParts(entry.key);
                if (parts == null || database != null && !database.equals(parts[1])) continue;
                final long[] counts = groups.computeIfAbsent(groupOf(parts, database), group -> new long[4]);
                counts[stateIndex(parts[2])] += entry.value;
            }
        }
        return groups;
    }

    // A type name holds no 0x00: it sorts before any longer name that starts with it.
    private static String groupOf(final String[] parts, final String database) {
        return database == null ? parts[0] : parts[0] + '\u0000' + parts[1];
    }

    private static int stateIndex(final String state) {
        return switch (state) {
            case Counters.READY_STATE -> 0;
            case Counters.DELAYED_STATE -> 1;
            case Counters.IN_FLIGHT_STATE -> 2;
            default -> 3;
        };
    }

    private TypeDepth depthOf(final String lane, final String group, final String database, final long[] counts) {
        final String type = database == null ? group : group.substring(0, group.indexOf('\u0000'));
        final Long oldest = database == null && counts[0] > 0 ? oldestReadyAt(lane, type) : null;
        return new TypeDepth(lane, type, database, counts[0], counts[1], counts[2], counts[3], oldest);
    }

    /** The enqueue time of the first job in the type's ready index; paused jobs are not in it. */
    private Long oldestReadyAt(final String lane, final String type) {
        final Bytes prefix = QueueKeys.typePrefix(lane, type);
        try (KeyValueIterator<Bytes, String> first = ready.range(prefix, QueueKeys.prefixEnd(prefix))) {
            if (!first.hasNext()) return null;
            final QueuedJob queued = waiting.get(first.next().value);
            return queued == null ? null : queued.getEnqueuedAt();
        }
    }
}
