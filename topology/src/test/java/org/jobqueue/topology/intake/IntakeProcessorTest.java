package org.jobqueue.topology.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.RootMark;
import org.jobqueue.serdes.ControlKeys;
import org.jobqueue.serdes.InvalidHeaders;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.testing.JobEvents;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.roots.RootRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntakeProcessorTest {
    private static final Instant NOW = Instant.parse("2026-01-05T00:00:00Z");

    private final MockProcessorContext<String, IntakeOutput> context = new MockProcessorContext<>();
    private final IntakeProcessor intake = new IntakeProcessor(JobQueueConfig.of("eqiad"));
    private KeyValueStore<String, RootMark> roots;
    private KeyValueStore<String, ControlRule> control;

    @BeforeEach
    void setUp() {
        roots = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(RootRegistry.STORE), JobSerdes.string(), JobSerdes.rootMark())
                .withLoggingDisabled()
                .build();
        roots.init(context.getStateStoreContext(), roots);
        context.addStateStore(roots);
        final KeyValueStore<String, ControlRule> control = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ControlRules.STORE), JobSerdes.string(), JobSerdes.controlRule())
                .withLoggingDisabled()
                .build();
        control.init(context.getStateStoreContext(), control);
        context.addStateStore(control);
        this.control = control;
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        context.setRecordMetadata("eqiad.mediawiki.job.refreshLinks", 3, 42L);
        intake.init(context);
    }

    @Test
    void shouldReKeyAValidJobByItsJobKey() {
        // Given
        final JobEvents event = JobEvents.job("refreshLinks").sha1("abc");
        // When
        intake.process(new Record<>(null, event.bytes(), NOW.toEpochMilli()));
        // Then
        final List<CapturedForward<? extends String, ? extends IntakeOutput>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).record().key()).isEqualTo("enwiki|sha1|abc");
        assertThat(forwarded.get(0).record().value()).isInstanceOf(IntakeOutput.Valid.class);
    }

    @Test
    void shouldForwardAnInvalidRecordWithItsReasonAndSource() {
        // Given
        final byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        // When
        intake.process(new Record<>("k".getBytes(StandardCharsets.UTF_8), garbage, NOW.toEpochMilli()));
        // Then
        final Record<? extends String, ? extends IntakeOutput> out =
                context.forwarded().get(0).record();
        assertThat(((IntakeOutput.Invalid) out.value()).value()).isEqualTo(garbage);
        assertThat(new String(out.headers().lastHeader(InvalidHeaders.REASON).value(), StandardCharsets.UTF_8))
                .startsWith("not JSON");
        assertThat(new String(
                        out.headers().lastHeader(InvalidHeaders.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("42");
    }

    @Test
    void shouldRegisterARootNewerThanTheRegistryHolds() {
        // Given
        roots.put("enwiki|sig", new RootMark(NOW.minusSeconds(60).toEpochMilli(), 0L));
        // When
        intake.process(new Record<>(
                null, JobEvents.job("refreshLinks").root("sig", NOW).bytes(), 0L));
        // Then
        assertThat(context.forwarded())
                .extracting(forward -> forward.record().value())
                .hasAtLeastOneElementOfType(IntakeOutput.Root.class);
    }

    @Test
    void shouldNotRegisterARootTheRegistryAlreadyHasNewer() {
        // Given
        roots.put("enwiki|sig", new RootMark(NOW.plusSeconds(60).toEpochMilli(), 0L));
        // When
        intake.process(new Record<>(
                null, JobEvents.job("refreshLinks").root("sig", NOW).bytes(), 0L));
        // Then
        assertThat(context.forwarded())
                .extracting(forward -> forward.record().value())
                .allMatch(value -> value instanceof IntakeOutput.Valid);
    }

    @Test
    void shouldDropAndCountAJobThatADropRuleCovers() {
        // Given: a drop of refreshLinks on enwiki, and a fresh intake that reads it
        final ControlRule drop =
                new ControlRule(ControlAction.drop, null, null, "refreshLinks", "enwiki", null, false, 0L, "ops@host");
        control.put(ControlKeys.of(drop), drop);
        final IntakeProcessor fresh = new IntakeProcessor(JobQueueConfig.of("eqiad"));
        fresh.init(context);
        // When
        fresh.process(new Record<>(null, JobEvents.job("refreshLinks").bytes(), NOW.toEpochMilli()));
        fresh.process(new Record<>(
                null, JobEvents.job("refreshLinks").database("dewiki").bytes(), NOW.toEpochMilli()));
        // Then: only the dewiki job goes on (ControlTest checks the count)
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().key()).startsWith("dewiki|");
    }
}
