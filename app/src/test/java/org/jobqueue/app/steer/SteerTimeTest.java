package org.jobqueue.app.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jobqueue.app.steer.SteerTime.Direction;
import org.junit.jupiter.api.Test;

class SteerTimeTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00.750Z");
    private static final Instant NOW_IN_SECONDS = Instant.parse("2026-12-02T15:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldReadAnIsoInstantWithItsOffsetWhicheverTheDirection() {
        assertThat(SteerTime.parse("2026-12-02T18:00:00Z", Direction.AHEAD, CLOCK, "--until"))
                .isEqualTo(Instant.parse("2026-12-02T18:00:00Z"));
        assertThat(SteerTime.parse("2026-12-02T16:00:00+01:00", Direction.AGO, CLOCK, "--since"))
                .isEqualTo(Instant.parse("2026-12-02T15:00:00Z"));
    }

    @Test
    void shouldCountADurationBackForSinceAndForwardForUntilFromNowInWholeSeconds() {
        assertThat(SteerTime.parse("30m", Direction.AGO, CLOCK, "--since"))
                .isEqualTo(NOW_IN_SECONDS.minus(Duration.ofMinutes(30)));
        assertThat(SteerTime.parse("2h", Direction.AHEAD, CLOCK, "--until"))
                .isEqualTo(NOW_IN_SECONDS.plus(Duration.ofHours(2)));
        assertThat(SteerTime.parse("1d", Direction.AGO, CLOCK, "--since"))
                .isEqualTo(NOW_IN_SECONDS.minus(Duration.ofDays(1)));
    }

    @Test
    void shouldTakeASignThatAgreesWithTheDirection() {
        assertThat(SteerTime.parse("-15m", Direction.AGO, CLOCK, "--since"))
                .isEqualTo(NOW_IN_SECONDS.minus(Duration.ofMinutes(15)));
        assertThat(SteerTime.parse("+15m", Direction.AHEAD, CLOCK, "--until"))
                .isEqualTo(NOW_IN_SECONDS.plus(Duration.ofMinutes(15)));
        assertThatThrownBy(() -> SteerTime.parse("-15m", Direction.AHEAD, CLOCK, "--until"))
                .hasMessage("--until '-15m': takes a duration from now, without '-'");
        assertThatThrownBy(() -> SteerTime.parse("+15m", Direction.AGO, CLOCK, "--since"))
                .hasMessage("--since '+15m': takes a duration ago, without '+'");
    }

    @Test
    void shouldSayWhatATimeIsWhenItCannotReadOne() {
        assertThatThrownBy(() -> SteerTime.parse("yesterday", Direction.AGO, CLOCK, "--since"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--since 'yesterday': expected an ISO-8601 time with its offset")
                .hasMessageContaining("30m, 2h, 1d");
        assertThatThrownBy(() -> SteerTime.parse("2026-12-02T18:00:00", Direction.AHEAD, CLOCK, "--until"))
                .hasMessageStartingWith("--until '2026-12-02T18:00:00': expected an ISO-8601 time with its offset")
                .hasMessageContaining("a duration from now");
        assertThatThrownBy(() -> SteerTime.parse("2 hours", Direction.AGO, CLOCK, "--since"))
                .hasMessageContaining("a unit of ms, s, m, h or d");
    }
}
