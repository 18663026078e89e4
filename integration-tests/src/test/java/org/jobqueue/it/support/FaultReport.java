package org.jobqueue.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.FaultCounts;
import org.jobqueue.tools.processes.Ledger;
import org.jobqueue.tools.processes.Workload;

/**
 * What a fault did to a workload, once everything has run ({@link FaultCounts}), and what a fault test asserts of it.
 */
public record FaultReport(FaultCounts counts) {

    /** Waits until every job has run and every hopeless one is dead-lettered, then reads the topics and counts. */
    public static FaultReport awaitEveryJob(final Deployment deployment, final Workload workload) {
        Awaits.deadLetters(deployment, workload);
        Awaits.everyJobExecuted(deployment, workload);
        return new FaultReport(FaultCounts.read(deployment, Ledger.of(workload.jobs())));
    }

    /**
     * Asserts that no job was lost, no command or dead letter was emitted twice, every hopeless job was dead-lettered,
     * and the stub saw at most {@code duplicateBound} repeated executions.
     */
    public void assertNoneLostOrEmittedTwice(final long duplicateBound) {
        assertThat(counts.lost()).as("jobs never executed").isZero();
        assertThat(counts.commandsEmittedTwice()).as("commands emitted twice").isZero();
        assertThat(counts.deadLettersTwice()).as("dead letters twice").isZero();
        assertThat(counts.deadLetters()).as("dead letters").isEqualTo(counts.hopeless());
        assertThat(counts.stubDuplicates()).as("duplicate executions").isLessThanOrEqualTo(duplicateBound);
    }

    /** One line for the test's output. */
    public String summary() {
        return counts.summary();
    }
}
