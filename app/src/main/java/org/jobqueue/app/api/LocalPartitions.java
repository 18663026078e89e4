package org.jobqueue.app.api;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.inspect.PartitionView;
import org.jobqueue.topology.inspect.StoreLookup;

/**
 * The queue partitions this instance owns, read through Kafka Streams' interactive queries. Only an active, running
 * task answers: a partition restoring, moving or owned elsewhere is {@linkplain Answer#missing missing}, with the
 * reason, so that no answer is silently partial.
 */
final class LocalPartitions {
    private final KafkaStreams streams;
    private final JobQueueConfig config;

    LocalPartitions(final KafkaStreams streams, final JobQueueConfig config) {
        this.streams = streams;
        this.config = config;
    }

    /** What {@code read} finds in {@code partition}, or why the partition cannot say. */
    <T> Answer<T> read(final int partition, final Function<PartitionView, T> read) {
        try {
            return Answer.of(partition, read.apply(PartitionView.of(StoreLookup.of(streams, partition), config)));
        } catch (final InvalidStateStoreException notQueryable) {
            return Answer.missing(partition, reasonOf(streams.state()));
        }
    }

    private static String reasonOf(final KafkaStreams.State state) {
        return switch (state) {
            case RUNNING -> "restoring";
            case REBALANCING -> "rebalancing";
            default -> "instance " + state.name().toLowerCase(Locale.ROOT);
        };
    }

    /** One partition's answer, or why it has none, and the instance that gave it. */
    record Answer<T>(int partition, T body, String missing, String instance) {
        static <T> Answer<T> of(final int partition, final T body) {
            return new Answer<>(partition, body, null, null);
        }

        static <T> Answer<T> missing(final int partition, final String reason) {
            return new Answer<>(partition, null, reason, null);
        }

        /** This answer, given by the instance {@code hostAndPort}. */
        Answer<T> from(final String hostAndPort) {
            return new Answer<>(partition, body, missing, hostAndPort);
        }

        boolean unanswered() {
            return missing != null;
        }

        Optional<T> found() {
            return Optional.ofNullable(body);
        }
    }
}
