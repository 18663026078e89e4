package org.jobqueue.app.steer;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.serdes.JobQueueTopics;

/**
 * The jobs a retry re-enqueues: for each selected dead letter, its retried event and the job topic it goes to. A dead
 * letter read twice (the same event id and time of death) is retried once.
 */
final class RetryPlan {
    /** One job to re-enqueue. */
    record Retry(DeadLetter letter, String newId, String topic, byte[] event) {
        String line() {
            return letter.getEventId() + " as " + newId + " to " + topic + " (" + letter.getDatabase() + ", dead at "
                    + Instant.ofEpochMilli(letter.getDeadAt()) + ": "
                    + letter.getReason().replaceAll("\\R", " ")
                    + ")";
        }
    }

    private final JobQueueTopics topics;
    private final Instant now;
    private final Map<String, Retry> retries = new LinkedHashMap<>();
    private final Map<String, String> unretriable = new LinkedHashMap<>();

    RetryPlan(final JobQueueTopics topics, final Instant now) {
        this.topics = topics;
        this.now = now;
    }

    void add(final DeadLetter letter) {
        final String newId = RetriedEvent.idOf(letter);
        if (retries.containsKey(newId)) return;
        try {
            final byte[] event = RetriedEvent.of(letter, now);
            retries.put(
                    newId,
                    new Retry(letter, newId, topics.jobEvents(letter.getType()).name(), event));
        } catch (final IllegalArgumentException cannot) {
            unretriable.put(letter.getEventId(), cannot.getMessage());
        }
    }

    Collection<Retry> retries() {
        return retries.values();
    }

    List<String> topicNames() {
        return retries.values().stream().map(Retry::topic).distinct().sorted().toList();
    }

    /** Event id → why its dead letter cannot be retried. */
    Map<String, String> unretriable() {
        return unretriable;
    }
}
