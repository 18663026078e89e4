package org.jobqueue.topology.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LatencyTimerTest {
    @Test
    void shouldCountEachUpdateInTheFirstBucketThatHoldsIt() {
        // Given
        final LatencyTimer timer = new LatencyTimer();
        // When
        timer.update(Duration.ofMillis(5));
        timer.update(6, TimeUnit.MILLISECONDS);
        timer.update(Duration.ofSeconds(2));
        timer.update(Duration.ofDays(2));
        // Then
        final LatencyTimer.Buckets buckets = timer.buckets();
        assertThat(buckets.counts()).hasSize(LatencyTimer.UPPER_BOUNDS_SECONDS.length);
        assertThat(buckets.counts()[bucketOf(0.005)]).isEqualTo(1);
        assertThat(buckets.counts()[bucketOf(0.01)]).isEqualTo(1);
        assertThat(buckets.counts()[bucketOf(2.5)]).isEqualTo(1);
        assertThat(buckets.counts()[bucketOf(Double.POSITIVE_INFINITY)]).isEqualTo(1);
        assertThat(buckets.sumSeconds()).isEqualTo(2.011 + 2 * 86_400, Offset.offset(1e-9));
        assertThat(timer.getCount()).as("the Dropwizard timer counts too").isEqualTo(4);
    }

    @Test
    void shouldIgnoreANegativeDurationAsDropwizardDoes() {
        // Given
        final LatencyTimer timer = new LatencyTimer();
        // When
        timer.update(-1, TimeUnit.MILLISECONDS);
        // Then
        assertThat(timer.buckets().counts()).containsOnly(0L);
        assertThat(timer.getCount()).isZero();
    }

    private static int bucketOf(final double upperBound) {
        for (int i = 0; i < LatencyTimer.UPPER_BOUNDS_SECONDS.length; i++) {
            if (LatencyTimer.UPPER_BOUNDS_SECONDS[i] == upperBound) return i;
        }
        throw new IllegalArgumentException("no bucket " + upperBound);
    }
}
