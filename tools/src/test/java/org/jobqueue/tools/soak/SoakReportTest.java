package org.jobqueue.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.jobqueue.tools.processes.FaultCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldPassWhenNothingWasLostOrEmittedTwice() throws Exception {
        // Given
        final SoakReport report = report(new FaultCounts(36_000, 300, 52_000, 0, 2_000, 0, 55_000, 0, 4, 300, 0, true));

        // When
        final String table = report.table();
        report.write(dir.resolve("soak.json"));

        // Then
        assertThat(report.passed()).isTrue();
        assertThat(table)
                .contains("jobqueue soak: 3 min at 200 jobs/s, a run instance killed -9 every 1 min, the broker every"
                        + " 2 min, fail rate 0.02")
                .containsPattern("jobs produced +36,000  360 recursive")
                .containsPattern("dead-lettered +300  exactly the 300 planned to fail always")
                .containsPattern("lost +0")
                .containsPattern("processes that died on their own +1  execute")
                .contains("PASSED: nothing lost, no command emitted twice.");
        final JsonNode json =
                new ObjectMapper().readTree(dir.resolve("soak.json").toFile());
        assertThat(json.path("counts").path("lost").asLong()).isZero();
        assertThat(json.path("conditions").path("killEverySeconds").asLong()).isEqualTo(60);
        assertThat(json.path("faults").path("diedOnTheirOwn").get(0).asText()).isEqualTo("execute");
    }

    @Test
    void shouldFailWhenAJobOrAPageWasLostOrACommandEmittedTwice() {
        // Given
        final SoakReport lostPage =
                report(new FaultCounts(36_000, 300, 52_000, 0, 2_000, 1, 55_000, 0, 4, 300, 0, true));
        final SoakReport emittedTwice =
                report(new FaultCounts(36_000, 300, 52_000, 0, 2_000, 0, 55_000, 2, 4, 301, 1, false));

        // Then
        assertThat(lostPage.passed()).isFalse();
        assertThat(lostPage.table()).contains("FAILED: 0 jobs and 1 pages lost, 0 commands emitted twice.");
        assertThat(emittedTwice.passed()).isFalse();
        assertThat(emittedTwice.table()).containsPattern("dead-lettered +301  NOT exactly the 300");
    }

    private static SoakReport report(final FaultCounts counts) {
        return new SoakReport(
                new SoakReport.Conditions(3, 200, 60, 120, 0.02, 2, "OpenJDK 64-Bit Server VM 17"),
                new SoakReport.Load(36_000, 360, 1_800, 3_000, 3_200, 300, 0, 1_000),
                new SoakReport.Faults(2, 1, 24.5, List.of("execute")),
                counts,
                17_000,
                true,
                12.5,
                250.0);
    }
}
