package org.jobqueue.topology.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.topology.periodic.PeriodicDriver.SCHEDULE;
import static org.jobqueue.topology.periodic.PeriodicDriver.TICK;
import static org.jobqueue.topology.periodic.PeriodicDriver.config;
import static org.jobqueue.topology.periodic.PeriodicDriver.fired;
import static org.jobqueue.topology.periodic.PeriodicDriver.period;
import static org.jobqueue.topology.periodic.PeriodicDriver.runAndAnswer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.CatchUp;
import org.jobqueue.topology.periodic.PeriodicDriver.Fired;
import org.junit.jupiter.api.Test;

/**
 * A schedule of 3 minutes for two wikis, the driver starting at a period's start (00:00) and its wall clock advanced
 * second by second: exactly one job per wiki and period, overlaps skipped, downtime caught up by policy.
 */
class PeriodicTest {
    @Test
    void shouldFireEachWikiExactlyOncePerPeriod() {
        try (JobQueueDriver driver = new JobQueueDriver(config(CatchUp.ONE))) {
            // Given: a schedule every 3 minutes for two wikis

            // When: 10 minutes pass, every job answered at once
            final List<Fired> fired = fired(runAndAnswer(driver, Duration.ofMinutes(10)));

            // Then: the periods of 00:00, 00:03, 00:06 and 00:09, once each per wiki
            assertThat(fired).extracting(Fired::period).containsOnly(period(0), period(1), period(2), period(3));
            assertThat(fired).hasSize(8).extracting(Fired::eventId).doesNotHaveDuplicates();
            assertThat(fired)
                    .filteredOn(job -> job.wiki().equals("wikidatawiki"))
                    .hasSize(4);
            assertThat(driver.metrics().periodic(SCHEDULE, "fired")).isEqualTo(8);
        }
    }

    @Test
    void shouldSkipAPeriodWhosePreviousJobIsStillInFlight() {
        try (JobQueueDriver driver = new JobQueueDriver(config(CatchUp.ONE))) {
            // Given: the first period's jobs released and never answered
            driver.advance(TICK);
            final List<JobCommand> first = driver.allCommands();
            assertThat(first).hasSize(2);

            // When: two more periods start
            driver.advanceInSteps(TICK, 7 * 60);

            // Then: nothing more is released, and both periods count as overlaps for both wikis
            assertThat(driver.allCommands()).isEmpty();
            assertThat(driver.metrics().periodic(SCHEDULE, "overlap")).isEqualTo(4);

            // And when: the jobs finish, the next period fires again
            first.forEach(driver::ok);
            assertThat(fired(runAndAnswer(driver, Duration.ofMinutes(3))))
                    .extracting(Fired::period)
                    .containsOnly(period(3));
        }
    }

    @Test
    void shouldSkipEveryMissedPeriodWithCatchUpNone() {
        try (JobQueueDriver driver = new JobQueueDriver(config(CatchUp.NONE))) {
            // Given: the first period fired and done
            runAndAnswer(driver, TICK);

            // When: nothing runs for 10 minutes, then the instance goes on to 00:13
            driver.advance(Duration.ofMinutes(10));
            final List<Fired> fired = fired(runAndAnswer(driver, Duration.ofMinutes(3)));

            // Then: nothing for 00:03, 00:06, 00:09; the next firing is 00:12
            assertThat(fired).extracting(Fired::period).containsOnly(period(4));
            assertThat(driver.metrics().periodic(SCHEDULE, "caught-up")).isZero();
        }
    }

    @Test
    void shouldFireOnceForTheLatestMissedPeriodWithCatchUpOne() {
        try (JobQueueDriver driver = new JobQueueDriver(config(CatchUp.ONE))) {
            // Given: the first period fired and done
            runAndAnswer(driver, TICK);

            // When: nothing runs for 10 minutes
            driver.advance(Duration.ofMinutes(10));
            final List<Fired> fired = fired(runAndAnswer(driver, Duration.ofMinutes(1)));

            // Then: one job per wiki, for 00:09 only
            assertThat(fired).hasSize(2).extracting(Fired::period).containsOnly(period(3));
            assertThat(driver.metrics().periodic(SCHEDULE, "caught-up")).isEqualTo(2);
        }
    }

    @Test
    void shouldFireEveryMissedPeriodOneAfterAnotherWithCatchUpAll() {
        try (JobQueueDriver driver = new JobQueueDriver(config(CatchUp.ALL))) {
            // Given: the first period fired and done
            runAndAnswer(driver, TICK);

            // When: nothing runs for 10 minutes
            driver.advance(Duration.ofMinutes(10));
            final List<Fired> fired = fired(runAndAnswer(driver, Duration.ofSeconds(30)));

            // Then: 00:03, 00:06 and 00:09, each once per wiki, in order
            assertThat(fired.stream()
                            .filter(job -> job.wiki().equals("wikidatawiki"))
                            .map(Fired::period))
                    .containsExactly(period(1), period(2), period(3));
            assertThat(fired).hasSize(6);
            // 00:09 is the current period when the instance comes back: only the two before it were caught up
            assertThat(driver.metrics().periodic(SCHEDULE, "caught-up")).isEqualTo(4);
        }
    }

    @Test
    void shouldResumeFromARestoredStoreWithoutRepeatingAPeriod() {
        final List<Fired> fired = new ArrayList<>();
        final Instant restartAt = period(1).plusSeconds(30);
        try (JobQueueDriver after = new JobQueueDriver(config(CatchUp.ALL), JobQueueDriver.newStateDir(), restartAt)) {
            try (JobQueueDriver before = new JobQueueDriver(config(CatchUp.ALL))) {
                // Given: an instance that fired 00:00 and 00:03, then stopped at 00:03:30
                fired.addAll(fired(runAndAnswer(before, Duration.ofSeconds(210))));

                // When: another instance takes the partition over, its stores restored from the changelogs
                PeriodicDriver.restore(before.driver(), after.driver());
            }
            fired.addAll(fired(runAndAnswer(after, Duration.ofMinutes(3))));
        }
        // Then: 00:00, 00:03 and 00:06, once each per wiki
        assertThat(fired).hasSize(6).extracting(Fired::eventId).doesNotHaveDuplicates();
        assertThat(fired).extracting(Fired::period).containsOnly(period(0), period(1), period(2));
    }
}
