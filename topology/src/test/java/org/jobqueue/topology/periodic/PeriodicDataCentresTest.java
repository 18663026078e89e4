package org.jobqueue.topology.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.periodic.PeriodicDriver.SCHEDULE;
import static org.jobqueue.topology.periodic.PeriodicDriver.TICK;
import static org.jobqueue.topology.periodic.PeriodicDriver.TYPE;
import static org.jobqueue.topology.periodic.PeriodicDriver.WIKIS;
import static org.jobqueue.topology.periodic.PeriodicDriver.config;
import static org.jobqueue.topology.periodic.PeriodicDriver.fired;
import static org.jobqueue.topology.periodic.PeriodicDriver.period;
import static org.jobqueue.topology.periodic.PeriodicDriver.runAndAnswer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.CatchUp;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.jobqueue.topology.periodic.PeriodicDriver.Fired;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * codfw reads eqiad's mirrored job topics: while eqiad fires a schedule, codfw fires nothing of it; when eqiad's jobs
 * stop coming (a switch-over) for two periods, codfw goes on after the last period it saw.
 */
class PeriodicDataCentresTest {
    private static final JobQueueConfig CODFW = config("codfw", List.of("codfw", "eqiad"), CatchUp.ONE);

    @ParameterizedTest(name = "its type in the {0} lane")
    @ValueSource(strings = {"normal", "high"})
    void shouldFireNothingWhileAnotherDcFiresAndGoOnAfterItsLastPeriodWhenItStops(final String lane) {
        // A high-lane job is read ten minutes ahead of its time: eqiad's jobs must still count at their own
        final JobQueueConfig config = CODFW.withTypes(Map.of(TYPE, new TypeConfig(lane, null, null, null, null)));
        try (JobQueueDriver codfw = new JobQueueDriver(config)) {
            // Given: eqiad fires the 00:00 and 00:03 periods, which reach codfw through the mirror
            eqiadFires(codfw, 0);
            codfw.advanceInSteps(TICK, 180);
            eqiadFires(codfw, 1);

            // When: eqiad stops, and codfw runs on to 00:12
            final List<Fired> fired = fired(runAndAnswer(codfw, Duration.ofMinutes(9)));

            // Then: codfw fired nothing while eqiad's lease held (two periods after its last job), then 00:09, 00:12
            assertThat(fired).hasSize(4).extracting(Fired::period).containsOnly(period(3), period(4));
        }
    }

    private static void eqiadFires(final JobQueueDriver codfw, final int index) {
        final JobQueueTopics eqiad = new JobQueueTopics("eqiad", List.of("eqiad"));
        for (final String wiki : WIKIS) {
            final byte[] event = PeriodicJobs.event(
                    SCHEDULE,
                    CODFW.periodic().get(SCHEDULE),
                    wiki,
                    period(index).toEpochMilli(),
                    codfw.now().toEpochMilli());
            codfw.driver()
                    .createInputTopic(
                            eqiad.jobEvents(TYPE).name(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(new TestRecord<>((byte[]) null, event, null, codfw.now()));
        }
    }
}
