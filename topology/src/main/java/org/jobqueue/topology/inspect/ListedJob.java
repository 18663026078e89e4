package org.jobqueue.topology.inspect;

/**
 * A job in a {@link Listing}: {@code since} is when it was enqueued (ready), is due (delayed) or was released (in
 * flight), as an ISO-8601 instant, and {@code sinceMs} the same in epoch milliseconds.
 */
public record ListedJob(
        String eventId,
        String jobKey,
        String type,
        String database,
        String lane,
        String state,
        String since,
        long sinceMs) {}
