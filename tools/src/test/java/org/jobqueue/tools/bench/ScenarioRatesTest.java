package org.jobqueue.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioRatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldOfferLatencyAtMostHalfOfTheMeasuredCapacity() {
        assertThat(Latency.offeredRate(2_000, null)).isEqualTo(2_000);
        assertThat(Latency.offeredRate(2_000, 5_475.0)).isEqualTo(2_000);
        assertThat(Latency.offeredRate(2_000, 3_001.0)).isEqualTo(1_500);
        assertThat(Latency.offeredRate(200, 1.0)).isEqualTo(1);
    }

    @Test
    void shouldFloodTheLowLaneAt80PercentOfTheCapacityOrOfTheFallback() {
        assertThat(LanesUnderLoad.floodRate(5_475.0)).isEqualTo(4_380);
        assertThat(LanesUnderLoad.floodRate(null)).isEqualTo(4_000);
    }

    @Test
    void shouldRateACounterFromItsFirstRiseToItsFinalValue() throws Exception {
        // Given: sampled every 200 ms, 0 until 1,200, final (1,000) from 2,000 on
        final List<JsonNode> lines = List.of(
                line(1_000, 0),
                line(1_200, 100),
                line(1_400, 400),
                line(1_800, 900),
                line(2_000, 1_000),
                line(2_200, 1_000));

        // When
        final double rate = EndToEnd.completedPerSecond(lines, "jobqueue.jobs.ok");

        // Then: 1,000 jobs over 800 ms plus the period before the first rise
        assertThat(rate).isEqualTo(1_000.0);
    }

    @Test
    void shouldRateACounterThatNeverRoseAtZero() throws Exception {
        assertThat(EndToEnd.completedPerSecond(List.of(line(1_000, 0)), "jobqueue.jobs.ok"))
                .isZero();
        assertThat(EndToEnd.completedPerSecond(List.of(), "jobqueue.jobs.ok")).isZero();
    }

    private static JsonNode line(final long t, final long ok) throws Exception {
        return JSON.readTree("{\"t\":" + t + ",\"metrics\":{\"jobqueue.jobs.ok\":" + ok + "}}");
    }
}
