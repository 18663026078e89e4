package org.jobqueue.topology.queue.state;

import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Job;

/**
 * The queue's counters, in the in-memory store {@link QueueStores#DEPTHS} (which operators' queries read too), derived
 * from the jobs when a task starts (see {@link IndexRebuild}): the arrival sequence, the jobs per lane and state, the
 * paused jobs, and the depth of each type on each database.
 *
 * <p>A depth key is {@code depth|<lane>|<type>|<database>|<state>}, with state one of {@code ready} (paused jobs
 * included), {@code delayed}, {@code in-flight} and {@code held}: a range scan from {@link #depthPrefix(String,
 * String)} returns one type's counts in a lane, from {@link #depthPrefix(String)} a whole lane's. A depth key is
 * deleted when it comes back to zero, so that a flood of one-off type or database names does not grow the store.
 */
public final class Counters {
    /** The state part of a depth key of ready jobs. */
    public static final String READY_STATE = "ready";
    /** The state part of a depth key of delayed jobs. */
    public static final String DELAYED_STATE = "delayed";
    /** The state part of a depth key of jobs in flight. */
    public static final String IN_FLIGHT_STATE = "in-flight";
    /** The state part of a depth key of another DC's held jobs. */
    public static final String HELD_STATE = "held";

    private static final String DEPTH = "depth|";
    private static final char SEPARATOR = '|';
    // The character after the separator: a range up to prefix-with-it covers every key under the prefix.
    private static final char AFTER_SEPARATOR = '|' + 1;
    private static final String SEQ = "seq";
    private static final String BUILT = "built";
    private static final String PAUSED = "paused";
    private static final String READY = "ready|";
    private static final String DELAYED = "delayed|";
    private static final String IN_FLIGHT = "in-flight|";
    private static final String TYPE_IN_FLIGHT = "type-in-flight|";

    private final KeyValueStore<String, Long> store;

    public Counters(final KeyValueStore<String, Long> store) {
        this.store = store;
    }

    long nextSeq() {
        final long seq = get(SEQ);
        store.put(SEQ, seq + 1);
        return seq;
    }

    /** Notes that the indexes and these counts were built from the jobs (see {@link IndexRebuild}). */
    void markBuilt() {
        store.put(BUILT, 1L);
    }

    boolean isBuilt() {
        return get(BUILT) == 1L;
    }

    /** Makes the arrival sequence continue after {@code seq}, the highest that a waiting job holds. */
    void continueAfter(final long seq) {
        if (seq >= get(SEQ)) store.put(SEQ, seq + 1);
    }

    /** The ready jobs set aside by a pause of a type on one database; they still count as ready. */
    long paused() {
        return get(PAUSED);
    }

    void addPaused(final long delta) {
        add(PAUSED, delta);
    }

    long ready(final String lane) {
        return get(READY + lane);
    }

    long delayed(final String lane) {
        return get(DELAYED + lane);
    }

    long inFlight(final String lane) {
        return get(IN_FLIGHT + lane);
    }

    /** The jobs of {@code type} in flight in {@code lane}, against its {@code max_in_flight}. */
    long inFlight(final String lane, final String type) {
        return get(typeInFlightKey(lane, type));
    }

    void addReady(final String lane, final Job job, final long delta) {
        addReady(lane, job.getType(), job.getDatabase(), delta);
    }

    void addReady(final String lane, final String type, final String database, final long delta) {
        add(READY + lane, delta);
        addDepth(lane, type, database, READY_STATE, delta);
    }

    void addDelayed(final String lane, final Job job, final long delta) {
        addDelayed(lane, job.getType(), job.getDatabase(), delta);
    }

    void addDelayed(final String lane, final String type, final String database, final long delta) {
        add(DELAYED + lane, delta);
        addDepth(lane, type, database, DELAYED_STATE, delta);
    }

    void addInFlight(final String lane, final Job job, final long delta) {
        addInFlight(lane, job.getType(), job.getDatabase(), delta);
    }

    void addInFlight(final String lane, final String type, final String database, final long delta) {
        add(IN_FLIGHT + lane, delta);
        addDepth(lane, type, database, IN_FLIGHT_STATE, delta);
        addOrDelete(typeInFlightKey(lane, type), delta);
    }

    /** Counts {@code delta} more jobs like {@code job} in {@code state}; the key goes when its count is zero. */
    public void addDepth(final String lane, final Job job, final String state, final long delta) {
        addDepth(lane, job.getType(), job.getDatabase(), state, delta);
    }

    private void addDepth(
            final String lane, final String type, final String database, final String state, final long delta) {
        addOrDelete(depthKey(lane, type, database, state), delta);
    }

    // Jobs in flight before this count existed end without having been counted: it goes no lower than zero.
    private void addOrDelete(final String key, final long delta) {
        final long count = get(key) + delta;
        if (count > 0) {
            store.put(key, count);
        } else {
            store.delete(key);
        }
    }

    private static String typeInFlightKey(final String lane, final String type) {
        return TYPE_IN_FLIGHT + lane + SEPARATOR + type;
    }

    /** The depth key of the jobs of {@code type} on {@code database} in {@code state} in {@code lane}. */
    public static String depthKey(final String lane, final String type, final String database, final String state) {
        return depthPrefix(lane, type) + database + SEPARATOR + state;
    }

    /** The start of a lane's depth keys. */
    public static String depthPrefix(final String lane) {
        return DEPTH + lane + SEPARATOR;
    }

    /** The start of one type's depth keys in a lane. */
    public static String depthPrefix(final String lane, final String type) {
        return depthPrefix(lane) + type + SEPARATOR;
    }

    /** The end (exclusive) of a range of depth keys that start with {@code prefix}, which ends with the separator. */
    public static String depthPrefixEnd(final String prefix) {
        return prefix.substring(0, prefix.length() - 1) + AFTER_SEPARATOR;
    }

    /** The parts of a depth key after the lane: type, database, state; null if it is no depth key. */
    public static String[] depthParts(final String key) {
        if (!key.startsWith(DEPTH)) return null;
        final int type = key.indexOf(SEPARATOR, DEPTH.length()) + 1;
        final int state = key.lastIndexOf(SEPARATOR);
        final int database = key.lastIndexOf(SEPARATOR, state - 1);
        if (type <= 0 || database < type) return null;
        return new String[] {key.substring(type, database), key.substring(database + 1, state), key.substring(state + 1)
        };
    }

    private long get(final String key) {
        final Long value = store.get(key);
        return value == null ? 0L : value;
    }

    private void add(final String key, final long delta) {
        store.put(key, get(key) + delta);
    }
}
