package org.jobqueue.topology.inspect;

import java.util.List;

/**
 * One job as an operator sees it. {@code state} is one of {@code waiting}, {@code delayed}, {@code in-flight},
 * {@code held}, {@code done}, {@code dead-letter}, {@code deduplicated}, {@code dropped}, or {@code arrived} when its
 * trace says it arrived but it is found nowhere in the partition now. {@code due} is the due time of a delayed job and
 * the claim expiry of one in flight; {@code due} and {@code enqueuedAt} are ISO-8601 instants or null.
 */
public record JobView(
        String eventId,
        String jobKey,
        String type,
        String database,
        String lane,
        String state,
        boolean paused,
        String due,
        String enqueuedAt,
        List<AttemptView> attempts,
        int attemptsNotKept,
        String reason,
        String winner) {
    public JobView {
        attempts = List.copyOf(attempts);
    }
}
