package org.jobqueue.app.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateRingTest {
    @Test
    void shouldTurnSamplesIntoCountsPerAlignedInterval() {
        // Given
        final RateRing ring = new RateRing(10, 5000);
        ring.add(10_020, Map.of("jobs.ok", 3L));
        ring.add(15_010, Map.of("jobs.ok", 8L));
        ring.add(19_990, Map.of("jobs.ok", 8L, "jobs.received", 4L));

        // When
        final RateSeries series = ring.series();

        // Then
        assertThat(series.timesMs()).containsExactly(15_000L, 20_000L);
        assertThat(series.of("jobs.ok")).containsExactly(5L, 0L);
        assertThat(series.of("jobs.received")).containsExactly(0L, 4L);
        assertThat(series.of("jobs.dead-lettered")).containsExactly(0L, 0L);
    }

    @Test
    void shouldKeepOnlyTheNewestSamples() {
        final RateRing ring = new RateRing(3, 1000);
        for (long i = 1; i <= 10; i++) ring.add(i * 1000, Map.of("jobs.ok", i * i));

        final RateSeries series = ring.series();

        assertThat(series.timesMs()).containsExactly(9000L, 10_000L);
        assertThat(series.of("jobs.ok")).containsExactly(17L, 19L);
    }

    @Test
    void shouldSumInstancesIntervalByInterval() {
        final RateSeries a = new RateSeries(5000, List.of(5000L, 10_000L), Map.of("jobs.ok", List.of(1L, 2L)));
        final RateSeries b = new RateSeries(
                5000,
                List.of(10_000L, 15_000L),
                Map.of("jobs.ok", List.of(10L, 20L), "jobs.received", List.of(1L, 1L)));

        final RateSeries sum = RateSeries.sum(5000, List.of(a, b));

        assertThat(sum.timesMs()).containsExactly(5000L, 10_000L, 15_000L);
        assertThat(sum.of("jobs.ok")).containsExactly(1L, 12L, 20L);
        assertThat(sum.of("jobs.received")).containsExactly(0L, 1L, 1L);
    }

    @Test
    void shouldSampleOnlyTheJobCountersOfThePagesOutcomes() {
        assertThat(CounterSampler.isSampled("jobqueue.jobs.received")).isTrue();
        assertThat(CounterSampler.isSampled("jobqueue.type.refreshLinks.dead-lettered"))
                .isTrue();
        assertThat(CounterSampler.isSampled("jobqueue.jobs.deduplicated.sha1-waiting"))
                .isFalse();
        assertThat(CounterSampler.isSampled("jobqueue.fanout.leaves-emitted")).isFalse();
        assertThat(CounterSampler.isSampled("jobqueue.executor.low.ok")).isFalse();
    }
}
