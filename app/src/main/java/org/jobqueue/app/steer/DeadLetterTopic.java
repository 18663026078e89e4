package org.jobqueue.app.steer;

import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jobqueue.app.kafka.TopicToEnd;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.config.JobQueueConfig;

/** {@code <dc>.jobqueue.dead-letter}, read from its beginning to its current end. */
final class DeadLetterTopic {
    private final JobQueueConfig config;
    private final Topic<String, DeadLetter> topic;
    private final String clientId;

    DeadLetterTopic(final JobQueueConfig config, final String clientId) {
        this.config = config;
        this.topic = config.topicRegistry().deadLetter();
        this.clientId = clientId;
    }

    String name() {
        return topic.name();
    }

    /**
     * Hands on every dead letter; a record that is not one is skipped, and the first is described in one line to
     * {@code warn} with the count of all. Returns the number of records skipped.
     */
    int read(final Consumer<DeadLetter> each, final Consumer<String> warn) {
        final Deserializer<DeadLetter> letters = topic.valueSerde().deserializer();
        final int[] skipped = {0};
        final String[] first = {null};
        new TopicToEnd(config, clientId).read(topic.name(), record -> {
            if (record.value() == null) return;
            try {
                each.accept(letters.deserialize(topic.name(), record.value()));
            } catch (final SerializationException unreadable) {
                if (skipped[0]++ == 0) {
                    first[0] = "partition " + record.partition() + " offset " + record.offset() + ": "
                            + unreadable.getMessage();
                }
            }
        });
        if (skipped[0] > 0) {
            warn.accept("skipped " + skipped[0] + " unreadable record" + (skipped[0] == 1 ? "" : "s") + " of "
                    + topic.name() + " (the first at " + first[0] + ")");
        }
        return skipped[0];
    }
}
