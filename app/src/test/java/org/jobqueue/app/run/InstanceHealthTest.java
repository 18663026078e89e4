package org.jobqueue.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.jobqueue.app.admin.AdminServer.Health;
import org.junit.jupiter.api.Test;

class InstanceHealthTest {
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private final AtomicInteger restoring = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final InstanceHealth health = new InstanceHealth(state::get, restoring::get, clock::get);

    @Test
    void shouldBeReadyWhenRunningWithNothingToRestore() {
        // When
        final Health now = health.health();

        // Then
        assertThat(now.ready()).isTrue();
        assertThat(now.live()).isTrue();
        assertThat(now.reasons()).isEmpty();
    }

    @Test
    void shouldNotBeReadyWhileAStoreIsRestored() {
        // Given Kafka Streams says RUNNING, but two stores are restoring
        restoring.set(2);

        // When
        final Health now = health.health();

        // Then
        assertThat(now.ready()).isFalse();
        assertThat(now.live()).isTrue();
        assertThat(now.reasons()).containsExactly("restoring 2 stores");
    }

    @Test
    void shouldNotBeReadyWhileRebalancing() {
        // Given
        state.set(KafkaStreams.State.REBALANCING);

        // When / Then
        assertThat(health.health().ready()).isFalse();
        assertThat(health.health().reasons()).containsExactly("state REBALANCING");
    }

    @Test
    void shouldNotBeReadyForAMinuteAfterAThreadWasReplaced() {
        // Given
        health.threadReplaced();

        // When 59 s pass, then a second more
        clock.addAndGet(59_000);
        final Health soon = health.health();
        clock.addAndGet(1_000);
        final Health later = health.health();

        // Then
        assertThat(soon.ready()).isFalse();
        assertThat(soon.reasons()).containsExactly("a stream thread was replaced 59 s ago");
        assertThat(later.ready()).isTrue();
    }

    @Test
    void shouldBeNeitherReadyNorLiveOnceKafkaStreamsFailed() {
        // Given
        state.set(KafkaStreams.State.ERROR);

        // When
        final Health now = health.health();

        // Then
        assertThat(now.ready()).isFalse();
        assertThat(now.live()).isFalse();
    }
}
