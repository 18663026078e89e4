package org.jobqueue.tools.processes;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.Topic;

/**
 * What the topology emitted, read to the end of the committed ({@code read_committed}) command and dead-letter topics:
 * the commands, those emitted twice (the same event and attempt again), and the dead letters. Reads record by record,
 * keeping ids only, so a long run's topics fit.
 *
 * @param deadLettered the event ids of the dead letters
 */
public record Emissions(
        long commands, long commandsEmittedTwice, long deadLetters, long deadLettersTwice, Set<String> deadLettered) {
    /** Read until nothing has come for this long: the topology has gone quiet. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    public static Emissions read(final KafkaCluster kafka, final JobQueueTopics topics) {
        final Tally commands = new Tally();
        readToTheEnd(
                kafka,
                topics.allCommands(),
                command -> commands.add(command.value().getEventId() + " attempt "
                        + command.value().getAttempt()));
        final Tally letters = new Tally();
        readToTheEnd(
                kafka,
                List.of(topics.deadLetter()),
                letter -> letters.add(letter.value().getEventId()));
        return new Emissions(commands.all, commands.twice, letters.all, letters.twice, Set.copyOf(letters.seen));
    }

    private static <K, V> void readToTheEnd(
            final KafkaCluster kafka, final List<Topic<K, V>> topics, final Consumer<ConsumerRecord<K, V>> each) {
        try (TopicReader<K, V> reader = kafka.reader(topics)) {
            long lastArrival = System.nanoTime();
            while (System.nanoTime() - lastArrival < QUIET.toNanos()) {
                final List<ConsumerRecord<K, V>> arrived = reader.poll();
                if (!arrived.isEmpty()) lastArrival = System.nanoTime();
                arrived.forEach(each);
            }
        }
    }

    /** Ids seen, how many, and how many of them again. */
    private static final class Tally {
        private final Set<String> seen = new HashSet<>();
        private long all;
        private long twice;

        void add(final String id) {
            all++;
            if (!seen.add(id)) twice++;
        }
    }
}
