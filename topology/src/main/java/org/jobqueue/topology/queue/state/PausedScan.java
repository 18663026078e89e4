package org.jobqueue.topology.queue.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.topology.config.LaneNames;

/**
 * A scan of the paused index for the jobs whose pause is over, reading at most {@code limit} entries a turn and
 * resuming where the last turn stopped. A group still paused costs one read: the scan seeks past it. The caller
 * {@linkplain QueueState#resume resumes} what it gets.
 */
public final class PausedScan {
    private final KeyValueStore<Bytes, String> paused;
    private final int limit;
    private final Map<Integer, String> lanesByKeyByte = new HashMap<>();
    private Bytes from;

    PausedScan(final KeyValueStore<Bytes, String> paused, final int limit, final List<String> lanes) {
        this.paused = paused;
        this.limit = limit;
        lanes.forEach(lane -> lanesByKeyByte.put(LaneNames.keyByte(lane), lane));
    }

    /** Paused key → job key of the jobs read this turn whose group {@code stillPaused} does not hold. */
    public List<KeyValue<Bytes, String>> resumable(final Predicate<PausedGroup> stillPaused) {
        final List<KeyValue<Bytes, String>> resumable = new ArrayList<>();
        int reads = 0;
        boolean skipped = true;
        while (skipped && reads < limit) {
            skipped = false;
            try (KeyValueIterator<Bytes, String> entries = paused.range(from, null)) {
                while (reads < limit && entries.hasNext()) {
                    final KeyValue<Bytes, String> entry = entries.next();
                    reads++;
                    final PausedGroup group = QueueKeys.pausedGroup(entry.key, lanesByKeyByte::get);
                    if (stillPaused.test(group)) {
                        from = group.end();
                        skipped = true;
                        break;
                    }
                    resumable.add(entry);
                }
                if (!skipped) from = entries.hasNext() ? entries.peekNextKey() : null;
            }
        }
        return resumable;
    }
}
