package org.jobqueue.app.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.jobqueue.app.admin.AdminServer.Health;

/**
 * Whether an instance is ready: Kafka Streams is {@code RUNNING}, no store is being restored, and no stream thread was
 * replaced within the last minute (a thread that failed may fail again). It is live unless Kafka Streams has failed or
 * stopped. A rolling restart waits for ready before it moves on to the next instance.
 */
final class InstanceHealth {
    static final Duration REPLACEMENT_QUARANTINE = Duration.ofMinutes(1);

    private final Supplier<KafkaStreams.State> state;
    private final IntSupplier restoringStores;
    private final LongSupplier clock;
    private volatile long lastReplacement = Long.MIN_VALUE;

    InstanceHealth(
            final Supplier<KafkaStreams.State> state, final IntSupplier restoringStores, final LongSupplier clock) {
        this.state = state;
        this.restoringStores = restoringStores;
        this.clock = clock;
    }

    /** Records that a stream thread failed and was replaced, now. */
    void threadReplaced() {
        lastReplacement = clock.getAsLong();
    }

    Health health() {
        final KafkaStreams.State now = state.get();
        final List<String> reasons = new ArrayList<>();
        if (now != KafkaStreams.State.RUNNING) reasons.add("state " + now);
        final int restoring = restoringStores.getAsInt();
        if (restoring > 0) reasons.add("restoring " + restoring + (restoring == 1 ? " store" : " stores"));
        final long sinceReplacement = clock.getAsLong() - lastReplacement;
        if (lastReplacement != Long.MIN_VALUE && sinceReplacement < REPLACEMENT_QUARANTINE.toMillis()) {
            reasons.add("a stream thread was replaced " + sinceReplacement / 1000 + " s ago");
        }
        return new Health(now.name(), reasons.isEmpty(), isLive(now), reasons);
    }

    private static boolean isLive(final KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING;
    }
}
