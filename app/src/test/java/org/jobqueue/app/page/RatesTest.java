package org.jobqueue.app.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatesTest {
    @Test
    void shouldAddUpOutcomesPerIntervalAndPerSecond() throws Exception {
        // Given: three intervals of 5 s
        final Rates rates = new Rates(new ObjectMapper().readTree("""
                {"interval_ms": 5000, "times_ms": [5000, 10000, 15000],
                 "counts": {"jobs.received": [10, 0, 20], "jobs.retried": [1, 1, 0], "jobs.dead-lettered": [0, 1, 0],
                            "type.refreshLinks.received": [4, 0, 5], "type.cdnPurge.received": [6, 0, 15],
                            "type.cdnPurge.ok": [6, 0, 0]}}
                """));

        // Then
        assertThat(rates.total(Rates.ARRIVED)).containsExactly(10L, 0L, 20L);
        assertThat(rates.total(Rates.OUTCOMES.get(3))).as("failed").containsExactly(1L, 2L, 0L);
        assertThat(rates.perSecondLastMinute(rates.total(Rates.ARRIVED))).isEqualTo(2.0);
        assertThat(rates.ofTypes(Rates.ARRIVED, type -> type.equals("cdnPurge")))
                .containsExactly(6L, 0L, 15L);
        assertThat(rates.ofTypes(Rates.DONE, type -> true)).containsExactly(6L, 0L, 0L);
        assertThat(Rates.sum(List.of(1L, 2L))).isEqualTo(3);
    }

    @Test
    void shouldDrawALinePerSeriesWithinTheLast15Minutes() {
        final long now = 1_000_000_000L;
        final RateChart chart = new RateChart(List.of(now - RateChart.WINDOW_MS - 5000, now - 5000, now), 5000, now);

        final String svg = chart.render("low", List.of(new RateChart.Series("arrived", List.of(99L, 10L, 5L))));

        assertThat(svg).startsWith("<svg").contains("aria-label=\"low\"").contains("2.0/s");
        assertThat(svg).contains("<polyline class=\"arrived\" points=\"318.2,1.0 320.0,36.0\"/>");
    }
}
