package org.jobqueue.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jobqueue.app.rates.RateSeries;
import org.junit.jupiter.api.Test;

/** What one instance answers at {@code /api/local/rates} and {@code /api/local/instance} reads back the same. */
class PeerAnswersTest {
    @Test
    void shouldReadBackAnInstancesRates() throws Exception {
        final RateSeries rates =
                new RateSeries(5000, List.of(5000L, 10_000L), Map.of("type.refreshLinks.ok", List.of(3L, 0L)));

        final String json = ApiJson.MAPPER.writeValueAsString(rates);

        assertThat(json).contains("\"interval_ms\":5000", "\"times_ms\":[5000,10000]");
        assertThat(ApiJson.MAPPER.readValue(json, RateSeries.class)).isEqualTo(rates);
    }

    @Test
    void shouldReadBackAnInstancesStatus() throws Exception {
        final InstanceStatus status = new InstanceStatus(
                "host-a:8081", "RUNNING", false, List.of("restoring 2 stores"), List.of(0, 2), List.of(1), 42);

        final String json = ApiJson.MAPPER.writeValueAsString(status);

        assertThat(json).contains("\"standby_lag\":42");
        assertThat(ApiJson.MAPPER.readValue(json, InstanceStatus.class)).isEqualTo(status);
        assertThat(InstanceStatus.unreachable("host-b:8081", "unreachable").state())
                .isEqualTo("unreachable");
    }
}
