package org.jobqueue.topology.periodic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jobqueue.topology.config.CatchUp;
import org.jobqueue.topology.config.Periods;
import org.junit.jupiter.api.Test;

/** The plan of one tick, without a driver: periods of 60 s, named by their start in seconds × 1000. */
class FiringPlanTest {
    private static final Periods MINUTES = Periods.every(Duration.ofMinutes(1));

    @Test
    void shouldFireOnlyTheNewestMissedPeriodsWithinMaxCatchUp() {
        // Given: the period of 00:00 handled, and the instance back at 00:10:30 with catch_up all and max_catch_up 3
        // When: it plans
        final FiringPlan plan = FiringPlan.at(MINUTES, CatchUp.ALL, 3, 0L, 630_000, false);

        // Then: it starts with 00:08, the oldest of the three newest periods
        assertThat(plan.fire()).isEqualTo(480_000L);
        assertThat(plan.handled()).isEqualTo(480_000L);
        assertThat(plan.caughtUp()).isEqualTo(1);
    }

    @Test
    void shouldWaitForThePreviousJobWhileCatchingUpEveryPeriod() {
        // Given: catching up with catch_up all, the previous job still in flight
        // When: it plans
        final FiringPlan plan = FiringPlan.at(MINUTES, CatchUp.ALL, 100, 0L, 630_000, true);

        // Then: nothing fires and nothing is skipped
        assertThat(plan.fire()).isNull();
        assertThat(plan.handled()).isZero();
        assertThat(plan.overlaps()).isZero();
    }

    @Test
    void shouldFireTheCurrentPeriodOnTimeWhenNothingWasMissed() {
        // Given: 00:00 handled; When: it plans at 00:01:00.5
        final FiringPlan plan = FiringPlan.at(MINUTES, CatchUp.NONE, 100, 0L, 60_500, false);

        // Then: 00:01 fires, not as a catch-up
        assertThat(plan.fire()).isEqualTo(60_000L);
        assertThat(plan.caughtUp()).isZero();
    }
}
