package org.jobqueue.topology.inspect;

/**
 * How many jobs of a type (on a database, or on all when {@code database} is null) a lane holds in each state. Paused
 * jobs count as ready. {@code oldestReadyAt} is the epoch milliseconds of the oldest ready job's enqueue time, null if
 * none is ready, and null for a depth per database.
 */
public record TypeDepth(
        String lane,
        String type,
        String database,
        long ready,
        long delayed,
        long inFlight,
        long held,
        Long oldestReadyAt) {}
