package org.jobqueue.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.inspect.PeriodicFiring;
import org.junit.jupiter.api.Test;

class ScheduleRowTest {
    private static final long NOW = Instant.parse("2026-12-03T08:04:30Z").toEpochMilli();
    private static final long PERIOD = Instant.parse("2026-12-03T08:03:00Z").toEpochMilli();

    @Test
    void shouldGiveEveryConfiguredWikiARowWithItsNextPeriod() {
        // Given a 3-minute schedule for two wikis, of which one fired the current period and one was seen elsewhere
        final PeriodicConfig schedule = new PeriodicConfig(
                "wikibaseDispatchChanges",
                List.of("wikidatawiki", "testwikidatawiki"),
                Duration.ofMinutes(3),
                null,
                null,
                null,
                null);
        final List<PeriodicFiring> firings = List.of(
                new PeriodicFiring("dispatchChanges", "wikidatawiki", PERIOD, PERIOD, "e1", NOW - 90_000, null));

        // When
        final List<ScheduleRow> rows = ScheduleRow.of(Map.of("dispatchChanges", schedule), firings, NOW);

        // Then the fired one goes on with the period after; the other, never fired, with the current one
        assertThat(rows)
                .containsExactly(
                        new ScheduleRow(
                                "dispatchChanges",
                                "wikibaseDispatchChanges",
                                "every 3m",
                                "wikidatawiki",
                                PERIOD,
                                "e1",
                                NOW - 90_000,
                                PERIOD + 180_000),
                        new ScheduleRow(
                                "dispatchChanges",
                                "wikibaseDispatchChanges",
                                "every 3m",
                                "testwikidatawiki",
                                null,
                                null,
                                null,
                                PERIOD));
    }
}
