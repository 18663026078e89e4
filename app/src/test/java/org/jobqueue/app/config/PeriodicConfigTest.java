package org.jobqueue.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.jobqueue.topology.config.CatchUp;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.config.Periods;
import org.junit.jupiter.api.Test;

/** The {@code periodic} section: read, defaulted, and refused by name when it cannot be used. */
class PeriodicConfigTest {
    private static final String WIKIDATA = """
            dc: eqiad
            periodic:
              dispatchChanges:
                type: wikibaseDispatchChanges
                wikis: [wikidatawiki, testwikidatawiki]
                every: 3m
                params: {maxChunks: 10}
              pruneChanges:
                type: wikibasePruneChanges
                wikis: [wikidatawiki]
                cron: "30 2 * * *"
                catch_up: all
                max_catch_up: 3
            """;

    @Test
    void shouldReadSchedulesWithTheirDefaults() {
        // Given a Wikidata-like section, When it is loaded
        final JobQueueConfig config = ConfigLoader.parse("config.yaml", WIKIDATA);

        // Then
        final PeriodicConfig dispatch = config.periodic().get("dispatchChanges");
        assertThat(dispatch.every()).isEqualTo(Duration.ofMinutes(3));
        assertThat(dispatch.wikis()).containsExactly("wikidatawiki", "testwikidatawiki");
        assertThat(dispatch.params()).containsEntry("maxChunks", 10);
        assertThat(dispatch.catchUp()).isEqualTo(CatchUp.ONE);
        final PeriodicConfig prune = config.periodic().get("pruneChanges");
        assertThat(prune.catchUp()).isEqualTo(CatchUp.ALL);
        assertThat(prune.maxCatchUp()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAnUnknownKeyByName() {
        assertThatThrownBy(() -> parse("type: t\n    wikis: [enwiki]\n    every: 1m\n    evry: 2m"))
                .hasMessageContaining("unknown key 'periodic.s.evry'")
                .hasMessageContaining("type, wikis, every, cron, params, catch_up, max_catch_up");
    }

    @Test
    void shouldRefuseABadCatchUpByName() {
        assertThatThrownBy(() -> parse("type: t\n    wikis: [enwiki]\n    every: 1m\n    catch_up: some"))
                .hasMessageContaining("'periodic.s.catch_up': 'some' is not one of none, one, all");
    }

    @Test
    void shouldRefuseABadCronExpression() {
        assertThatThrownBy(() -> parse("type: t\n    wikis: [enwiki]\n    cron: \"*/3 * * *\""))
                .hasMessageContaining("'periodic.s'")
                .hasMessageContaining("cron: '*/3 * * *' is not a five-field cron expression");
    }

    @Test
    void shouldRefuseBothEveryAndCron() {
        assertThatThrownBy(() -> parse("type: t\n    wikis: [enwiki]\n    every: 1m\n    cron: \"* * * * *\""))
                .hasMessageContaining("'periodic.s': set exactly one of every and cron");
    }

    @Test
    void shouldRefuseAScheduleWithoutWikis() {
        assertThatThrownBy(() -> parse("type: t\n    wikis: []\n    every: 1m"))
                .hasMessageContaining("'periodic.s': wikis must list at least one wiki");
    }

    @Test
    void shouldRefuseAScheduleOfADisabledType() {
        final String yaml = "dc: eqiad\ntypes:\n  t: {enabled: false}\nperiodic:\n  s:\n    type: t\n"
                + "    wikis: [enwiki]\n    every: 1m\n";
        assertThatThrownBy(() -> ConfigLoader.parse("config.yaml", yaml))
                .hasMessageContaining("periodic.s.type: type 't' is disabled (types.t.enabled: false)");
    }

    @Test
    void shouldStartCronPeriodsAtTheExpressionsTimesInUtc() {
        // Given every third minute
        final Periods periods = Periods.cron("*/3 * * * *");

        // Then a time inside a period belongs to its start, and a start to itself
        final long start = Instant.parse("2026-12-03T08:03:00Z").toEpochMilli();
        assertThat(periods.startAtOrBefore(start + 179_999)).isEqualTo(start);
        assertThat(periods.startAtOrBefore(start)).isEqualTo(start);
        assertThat(periods.startAtOrBefore(start - 1)).isEqualTo(start - 180_000);
        assertThat(periods.next(start)).isEqualTo(start + 180_000);
        assertThat(periods.previous(start)).isEqualTo(start - 180_000);
    }

    private static JobQueueConfig parse(final String schedule) {
        return ConfigLoader.parse("config.yaml", "dc: eqiad\nperiodic:\n  s:\n    " + schedule + "\n");
    }
}
