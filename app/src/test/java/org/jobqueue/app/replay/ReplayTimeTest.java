package org.jobqueue.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayTimeTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldReadAnIsoTimeWithItsOffset() {
        assertThat(ReplayTime.parse("2026-11-28T10:15:00Z", CLOCK)).isEqualTo(Instant.parse("2026-11-28T10:15:00Z"));
        assertThat(ReplayTime.parse("2026-11-28T11:15:00+01:00", CLOCK))
                .isEqualTo(Instant.parse("2026-11-28T10:15:00Z"));
    }

    @Test
    void shouldReadATimeAgo() {
        assertThat(ReplayTime.parse("-15m", CLOCK)).isEqualTo(NOW.minusSeconds(15 * 60));
        assertThat(ReplayTime.parse("-2h", CLOCK)).isEqualTo(NOW.minusSeconds(2 * 3600));
        assertThat(ReplayTime.parse("-1d", CLOCK)).isEqualTo(NOW.minusSeconds(86_400));
    }

    @Test
    void shouldExplainWhatItTakes() {
        assertThatThrownBy(() -> ReplayTime.parse("yesterday", CLOCK))
                .hasMessageContaining("--from 'yesterday'")
                .hasMessageContaining("-15m");
        assertThatThrownBy(() -> ReplayTime.parse("2026-11-28T10:15:00", CLOCK))
                .hasMessageContaining("with its offset");
        assertThatThrownBy(() -> ReplayTime.parse("-15 minutes", CLOCK))
                .hasMessageContaining("unit of ms, s, m, h or d");
    }
}
