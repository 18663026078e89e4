package org.jobqueue.topology.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long T0 = 1_767_571_200_000L;

    /** With a 1 ms tick, so that these tests see the exact budget boundaries. */
    private static RateLimiter limiter(final int partitions, final Map<String, TypeConfig> types) {
        return limiter(partitions, types, Duration.ofMillis(1));
    }

    private static RateLimiter limiter(final int partitions, final Map<String, TypeConfig> types, final Duration tick) {
        final JobQueueConfig config = new JobQueueConfig(
                "eqiad",
                null,
                null,
                null,
                null,
                null,
                new TopicsConfig(partitions, null),
                new QueueConfig(null, null, null, tick, null, null),
                null,
                null,
                types);
        return new RateLimiter(config);
    }

    private static TypeConfig rate(final double itemsPerSecond) {
        return new TypeConfig(null, itemsPerSecond, null, null, null);
    }

    @Test
    void shouldNeverHoldATypeWithoutARate() {
        // Given
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(1)));
        // When
        int allowed = 0;
        for (int i = 0; i < 1_000; i++) {
            if (limiter.tryAcquire("free", 100, T0)) allowed++;
        }
        // Then
        assertThat(allowed).isEqualTo(1_000);
        assertThat(limiter.isThrottled("free", T0)).isFalse();
    }

    @Test
    void shouldLetTheFirstJobRunAndHoldTheTypeForItsItemsOverTheRate() {
        // Given: 10 items/s on one partition
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(10)));
        // When: a job of 5 items uses the budget
        final boolean first = limiter.tryAcquire("rated", 5, T0);
        // Then: it runs, and the type waits 5 / 10 s = 500 ms
        assertThat(first).isTrue();
        assertThat(limiter.isThrottled("rated", T0 + 499)).isTrue();
        assertThat(limiter.tryAcquire("rated", 1, T0 + 499)).isFalse();
        assertThat(limiter.isThrottled("rated", T0 + 500)).isFalse();
        assertThat(limiter.tryAcquire("rated", 1, T0 + 500)).isTrue();
    }

    @Test
    void shouldLetAJobLargerThanTheRateRunAndHoldTheTypeLonger() {
        // Given: 10 items/s on one partition
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(10)));
        // When: a leaf of 100 pages
        final boolean leaf = limiter.tryAcquire("rated", 100, T0);
        // Then: it runs, and the next job of the type waits 10 s
        assertThat(leaf).isTrue();
        assertThat(limiter.tryAcquire("rated", 1, T0 + 9_999)).isFalse();
        assertThat(limiter.tryAcquire("rated", 1, T0 + 10_000)).isTrue();
    }

    @Test
    void shouldNotChargeARefusedJob() {
        // Given
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(10)));
        limiter.tryAcquire("rated", 1, T0);
        // When: refused attempts while throttled
        for (long t = T0; t < T0 + 100; t += 10) {
            assertThat(limiter.tryAcquire("rated", 50, t)).isFalse();
        }
        // Then: the type is free again 100 ms after the first job, as if nothing had been asked in between
        assertThat(limiter.tryAcquire("rated", 1, T0 + 100)).isTrue();
    }

    @Test
    void shouldNotChargeARecursiveJob() {
        // Given
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(1)));
        // When: recursive jobs count 0 items
        final boolean first = limiter.tryAcquire("rated", 0, T0);
        final boolean second = limiter.tryAcquire("rated", 0, T0);
        // Then
        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(limiter.isThrottled("rated", T0)).isFalse();
        assertThat(limiter.tryAcquire("rated", 1, T0)).isTrue();
    }

    @Test
    void shouldSplitTheRateEvenlyOverThePartitions() {
        // Given: 80 items/s over 8 partitions is 10 items/s here
        final RateLimiter limiter = limiter(8, Map.of("rated", rate(80)));
        // When
        limiter.tryAcquire("rated", 1, T0);
        // Then: one item holds the type 100 ms, not 12.5 ms
        assertThat(limiter.isThrottled("rated", T0 + 99)).isTrue();
        assertThat(limiter.isThrottled("rated", T0 + 100)).isFalse();
    }

    @Test
    void shouldHandleARateBelowOneItemPerSecondPerPartition() {
        // Given: 4 items/s over 8 partitions is half an item per second here
        final RateLimiter limiter = limiter(8, Map.of("rated", rate(4)));
        // When
        limiter.tryAcquire("rated", 1, T0);
        // Then
        assertThat(limiter.isThrottled("rated", T0 + 1_999)).isTrue();
        assertThat(limiter.isThrottled("rated", T0 + 2_000)).isFalse();
    }

    @Test
    void shouldHoldEachTypeOnItsOwnBudget() {
        // Given
        final RateLimiter limiter = limiter(1, Map.of("a", rate(1), "b", rate(1)));
        // When
        limiter.tryAcquire("a", 1, T0);
        // Then
        assertThat(limiter.isThrottled("a", T0)).isTrue();
        assertThat(limiter.isThrottled("b", T0)).isFalse();
        assertThat(limiter.tryAcquire("b", 1, T0)).isTrue();
    }

    @Test
    void shouldNotSaveUpUnusedBudgetWhileIdle() {
        // Given: 10 items/s, and a type idle for a minute after its last job
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(10)));
        limiter.tryAcquire("rated", 1, T0);
        final long later = T0 + 60_000;
        // When
        final boolean first = limiter.tryAcquire("rated", 1, later);
        final boolean second = limiter.tryAcquire("rated", 1, later);
        // Then: no burst of the 600 items it did not use
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(limiter.isThrottled("rated", later + 99)).isTrue();
    }

    @Test
    void shouldKeepTheLongRunRateOverManyEvenlySpacedRequests() {
        // Given: 10 items/s, asked every millisecond for 10 s
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(10)));
        // When
        int items = 0;
        for (long t = T0; t < T0 + 10_000; t++) {
            if (limiter.tryAcquire("rated", 1, t)) items++;
        }
        // Then
        assertThat(items).isEqualTo(100);
    }

    @Test
    void shouldReachARateAboveOneJobPerTickOnAverage() {
        // Given: 100 items/s and a 100 ms tick, asked once per tick for as many jobs as it allows
        final RateLimiter limiter = limiter(1, Map.of("rated", rate(100)), Duration.ofMillis(100));
        // When: ten seconds of ticks
        int items = 0;
        for (long t = T0; t < T0 + 10_000; t += 100) {
            while (limiter.tryAcquire("rated", 1, t)) items++;
        }
        // Then: the configured rate, give or take one tick's worth
        assertThat(items).isBetween(990, 1_010);
    }
}
