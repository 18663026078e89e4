package org.jobqueue.topology.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.ControlKeys;
import org.jobqueue.serdes.JobSerdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules as the updater stores them and the queue reads them: which jobs a rule covers, and for how long. */
class ControlRulesTest {
    private static final long NOW = 1_000_000L;

    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final ControlUpdater updater = new ControlUpdater();
    private ControlRules rules;

    @BeforeEach
    void setUp() {
        final KeyValueStore<String, ControlRule> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ControlRules.STORE), JobSerdes.string(), JobSerdes.controlRule())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        updater.init(context);
        rules = new ControlRules(context, Duration.ZERO);
    }

    static ControlRule rule(
            final ControlAction action, final String lane, final String type, final String database, final Long until) {
        return new ControlRule(action, null, lane, type, database, until, false, 0L, "ops@host");
    }

    private void write(final ControlRule rule) {
        updater.process(new Record<>(ControlKeys.of(rule), rule, 0L));
    }

    @Test
    void shouldCoverEveryLaneAndDatabaseOfAPausedType() {
        // Given
        write(rule(ControlAction.pause, null, "refreshLinks", null, null));
        // Then: every job of the type, and the type as a whole, but not the lane as a whole nor another type
        assertThat(rules.isPaused("normal", "refreshLinks", "enwiki", NOW)).isTrue();
        assertThat(rules.isPaused("low", "refreshLinks", "dewiki", NOW)).isTrue();
        assertThat(rules.isPaused("normal", "refreshLinks", null, NOW)).isTrue();
        assertThat(rules.isPaused("normal", null, null, NOW)).isFalse();
        assertThat(rules.isPaused("normal", "cdnPurge", "enwiki", NOW)).isFalse();
    }

    @Test
    void shouldCoverOnlyTheNamedDatabaseOfAType() {
        // Given
        write(rule(ControlAction.pause, null, "refreshLinks", "enwiki", null));
        // Then: the type as a whole is not paused, so its other databases flow
        assertThat(rules.isPaused("normal", "refreshLinks", "enwiki", NOW)).isTrue();
        assertThat(rules.isPaused("normal", "refreshLinks", "dewiki", NOW)).isFalse();
        assertThat(rules.isPaused("normal", "refreshLinks", null, NOW)).isFalse();
    }

    @Test
    void shouldCoverAWholeLane() {
        // Given
        write(rule(ControlAction.pause, "low", null, null, null));
        // Then
        assertThat(rules.isPaused("low", null, null, NOW)).isTrue();
        assertThat(rules.isPaused("low", "htmlCacheUpdate", "enwiki", NOW)).isTrue();
        assertThat(rules.isPaused("normal", "htmlCacheUpdate", "enwiki", NOW)).isFalse();
    }

    @Test
    void shouldStopApplyingARuleWhenItsUntilPasses() {
        // Given
        write(rule(ControlAction.pause, null, "refreshLinks", null, NOW));
        write(rule(ControlAction.drop, null, "cdnPurge", null, NOW));
        // Then
        assertThat(rules.isPaused("normal", "refreshLinks", "enwiki", NOW - 1)).isTrue();
        assertThat(rules.isPaused("normal", "refreshLinks", "enwiki", NOW)).isFalse();
        assertThat(rules.dropRule("normal", "cdnPurge", "enwiki", NOW - 1)).isPresent();
        assertThat(rules.dropRule("normal", "cdnPurge", "enwiki", NOW)).isEmpty();
    }

    @Test
    void shouldForgetARuleOnATombstone() {
        // Given
        final ControlRule pause = rule(ControlAction.pause, null, "refreshLinks", null, null);
        write(pause);
        // When
        updater.process(new Record<String, ControlRule>(ControlKeys.of(pause), null, 0L));
        // Then
        assertThat(rules.isPaused("normal", "refreshLinks", "enwiki", NOW)).isFalse();
    }

    @Test
    void shouldKeepPausesAndDropsApart() {
        // Given: a drop without purge, and one with purge
        write(rule(ControlAction.drop, null, "refreshLinks", null, null));
        final ControlRule purge = rule(ControlAction.drop, null, "cdnPurge", "enwiki", null);
        purge.setPurge(true);
        write(purge);
        // Then: neither pauses; only the second purges, and only its database
        assertThat(rules.isPaused("normal", "refreshLinks", "enwiki", NOW)).isFalse();
        assertThat(rules.dropRule("normal", "refreshLinks", "enwiki", NOW)).isPresent();
        assertThat(rules.isPurged("normal", "refreshLinks", "enwiki", NOW)).isFalse();
        assertThat(rules.isPurged("high", "cdnPurge", "enwiki", NOW)).isTrue();
        assertThat(rules.isPurged("high", "cdnPurge", "dewiki", NOW)).isFalse();
        assertThat(rules.isPurging(NOW)).isTrue();
    }

    @Test
    void shouldReadTheStoreAgainOncePerRefresh() {
        // Given: a view refreshed every 100 ms, read at NOW
        final ControlRules cached = new ControlRules(context, Duration.ofMillis(100));
        assertThat(cached.isPaused("normal", "refreshLinks", "enwiki", NOW)).isFalse();
        // When
        write(rule(ControlAction.pause, null, "refreshLinks", null, null));
        // Then: the rule applies from the next refresh
        assertThat(cached.isPaused("normal", "refreshLinks", "enwiki", NOW + 99))
                .isFalse();
        assertThat(cached.isPaused("normal", "refreshLinks", "enwiki", NOW + 100))
                .isTrue();
    }
}
