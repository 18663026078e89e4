package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue's own knobs.
 *
 * @param inFlight per lane, how many released jobs a partition may have awaiting a result; a lane exists when it has an
 *     entry here (high, normal and low always do)
 * @param claimTtl how long a released job may go without a result before it counts as a retryable failure
 * @param dedupWindow how long an event id is remembered (replays within it are dropped)
 * @param tick how often the release, delayed and claim punctuators run (wall clock)
 * @param maxScanPerTick how many store entries one punctuation may read, per punctuator
 * @param maxEventBytes the largest job event accepted
 * @param maxClockSkew how far ahead of the wall clock a time from outside (a record's timestamp, an executor's clock)
 *     may be for the dedup windows; later ones count as now plus this
 * @param maxLeafWait how long the fan-out's leaves may wait to be read by the queue before the expansions pause: they
 *     share the queue's input with every other job, and a backlog of leaves there would hold up the high lane
 */
public record QueueConfig(
        @JsonProperty("in_flight") Map<String, Integer> inFlight,
        @JsonProperty("claim_ttl") Duration claimTtl,
        @JsonProperty("dedup_window") Duration dedupWindow,
        @JsonProperty("tick") Duration tick,
        @JsonProperty("max_scan_per_tick") Integer maxScanPerTick,
        @JsonProperty("max_event_bytes") Integer maxEventBytes,
        @JsonProperty("max_clock_skew") Duration maxClockSkew,
        @JsonProperty("max_leaf_wait") Duration maxLeafWait) {

    public static final QueueConfig DEFAULT = new QueueConfig(null, null, null, null, null, null, null, null);
    /** Room around an event for the record that carries it: ids, times, and up to a dead letter's kept attempts. */
    public static final int RECORD_ENVELOPE_BYTES = 1024 * 1024;
    /** See {@link #highLaneLead}. */
    public static final Duration HIGH_LANE_LEAD = Duration.ofMinutes(10);

    public QueueConfig {
        final Map<String, Integer> windows =
                new HashMap<>(Map.of(LaneNames.HIGH, 200, LaneNames.NORMAL, 100, LaneNames.LOW, 50));
        if (inFlight != null) {
            inFlight.forEach((lane, window) -> {
                if (!LaneNames.isValid(lane))
                    throw new IllegalArgumentException(
                            "in_flight: '" + lane + "' is not a lane name ([a-z0-9_-], 1-32 characters)");
                if (window == null || window < 1)
                    throw new IllegalArgumentException("in_flight." + lane + " must be 1 or more, got " + window);
                windows.put(lane, window);
            });
        }
        inFlight = Map.copyOf(windows);
        checkKeyBytes(inFlight.keySet());
        claimTtl = positive("claim_ttl", claimTtl, Duration.ofHours(1));
        dedupWindow = positive("dedup_window", dedupWindow, Duration.ofHours(24));
        tick = positive("tick", tick, Duration.ofMillis(100));
        maxScanPerTick = maxScanPerTick != null ? maxScanPerTick : 2_000;
        if (maxScanPerTick < 1) throw new IllegalArgumentException("max_scan_per_tick must be 1 or more");
        maxEventBytes = maxEventBytes != null ? maxEventBytes : 4 * 1024 * 1024;
        if (maxEventBytes < 1024) throw new IllegalArgumentException("max_event_bytes must be 1024 or more");
        maxClockSkew = positive("max_clock_skew", maxClockSkew, Duration.ofMinutes(10));
        maxLeafWait = positive("max_leaf_wait", maxLeafWait, Duration.ofSeconds(1));
    }

    public QueueConfig(
            final Map<String, Integer> inFlight,
            final Duration claimTtl,
            final Duration dedupWindow,
            final Duration tick,
            final Integer maxScanPerTick,
            final Integer maxEventBytes) {
        this(inFlight, claimTtl, dedupWindow, tick, maxScanPerTick, maxEventBytes, null, null);
    }

    /** The lanes, in release order (see {@link LaneNames}). */
    public List<String> lanes() {
        return LaneNames.inReleaseOrder(inFlight.keySet());
    }

    /**
     * The largest record jobqueue writes: an accepted event wrapped in a job, a command or a dead letter with its
     * attempts. Every topic it writes and its producers are sized for it, so that no valid event is too large for a
     * hop after intake.
     */
    public int maxRecordBytes() {
        return maxEventBytes + RECORD_ENVELOPE_BYTES;
    }

    /**
     * How far ahead of its record time a high-lane job is read: Kafka Streams takes a task's next record from the
     * partition whose head is oldest, so a high-lane job read as if it were this much older passes a backlog of lower
     * lanes up to this old. Kept well inside {@code dedup_window}, whose event ids are stored at the time read.
     */
    public Duration highLaneLead() {
        final Duration quarterWindow = dedupWindow.dividedBy(4);
        return quarterWindow.compareTo(HIGH_LANE_LEAD) < 0 ? quarterWindow : HIGH_LANE_LEAD;
    }

    /**
     * The largest input kept whole in the invalid topic: it takes {@link #maxRecordBytes}, and half the envelope is
     * left for the key and the headers. An input over {@code max_event_bytes} but under this is kept whole.
     */
    public int maxInvalidValueBytes() {
        return maxEventBytes + RECORD_ENVELOPE_BYTES / 2;
    }

    private static void checkKeyBytes(final Set<String> lanes) {
        final Map<Integer, String> byKeyByte = new HashMap<>();
        for (final String lane : LaneNames.inReleaseOrder(lanes)) {
            final String other = byKeyByte.putIfAbsent(LaneNames.keyByte(lane), lane);
            if (other != null)
                throw new IllegalArgumentException("in_flight: lanes '" + other + "' and '" + lane
                        + "' would share their store keys; rename one of them");
        }
    }

    private static Duration positive(final String key, final Duration value, final Duration fallback) {
        if (value == null) return fallback;
        if (value.isNegative() || value.isZero()) throw new IllegalArgumentException(key + " must be more than 0");
        return value;
    }
}
