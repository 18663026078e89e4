package org.jobqueue.topology.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lanes are named by the keys of {@code queue.in_flight}. The three there always were, {@code high}, {@code normal}
 * and {@code low}, are released first, in that order; the others follow by name.
 */
public final class LaneNames {
    public static final String HIGH = "high";
    public static final String NORMAL = "normal";
    public static final String LOW = "low";
    public static final List<String> BUILT_IN = List.of(HIGH, NORMAL, LOW);
    /** The built-in lanes first, in their order, then the others by name. */
    public static final Comparator<String> RELEASE_ORDER =
            Comparator.comparingInt(LaneNames::builtInRank).thenComparing(Comparator.naturalOrder());

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");
    // Key bytes past the built-in lanes' 0, 1 and 2, which the stores written before lanes had names use; 255 stays
    // free, as it ends the range of the lane just below it.
    private static final int FIRST_NAMED_BYTE = BUILT_IN.size();
    private static final int NAMED_BYTES = 255 - FIRST_NAMED_BYTE;

    private LaneNames() {}

    public static boolean isValid(final String lane) {
        return lane != null && NAME.matcher(lane).matches();
    }

    /** {@code lanes} in release order. */
    public static List<String> inReleaseOrder(final Collection<String> lanes) {
        return lanes.stream().sorted(RELEASE_ORDER).toList();
    }

    /**
     * The byte that starts the lane's keys in the queue's indexes: fixed for the built-in lanes, and derived from the
     * name for the others, so that it does not change when lanes are added or removed ({@link QueueConfig} refuses
     * two lanes with the same byte).
     */
    public static int keyByte(final String lane) {
        final int builtIn = BUILT_IN.indexOf(lane);
        if (builtIn >= 0) return builtIn;
        return FIRST_NAMED_BYTE + Math.floorMod(lane.hashCode(), NAMED_BYTES);
    }

    private static int builtInRank(final String lane) {
        final int rank = BUILT_IN.indexOf(lane);
        return rank >= 0 ? rank : BUILT_IN.size();
    }
}
