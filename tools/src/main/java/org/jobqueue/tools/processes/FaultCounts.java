package org.jobqueue.tools.processes;

/**
 * What faults did to a run, once everything has run: the jobs that must run and never did (lost), and the pages that
 * recursive jobs had to refresh and no leaf did after the latest of them; commands emitted twice (the same event and
 * attempt twice in the committed command topics); executions repeated at the stub; dead letters, and whether they are
 * exactly the jobs planned to fail always.
 *
 * @param jobs the jobs produced, recursive ones included
 * @param hopeless the jobs planned to fail always
 * @param executed the event ids the stub ran, leaves included
 */
public record FaultCounts(
        long jobs,
        long hopeless,
        long executed,
        long lost,
        long pages,
        long pagesLost,
        long commands,
        long commandsEmittedTwice,
        long stubDuplicates,
        long deadLetters,
        long deadLettersTwice,
        boolean deadLettersAsPlanned) {

    /** Reads the deployment's stub log and topics to the end, and holds them against {@code ledger}. */
    public static FaultCounts read(final Deployment deployment, final Ledger ledger) {
        return of(ledger, deployment.executions(), Emissions.read(deployment.kafka(), deployment.topics()));
    }

    public static FaultCounts of(final Ledger ledger, final Executions executions, final Emissions emissions) {
        return new FaultCounts(
                ledger.jobs(),
                ledger.hopeless().size(),
                executions.distinct(),
                ledger.lost(executions),
                ledger.pages(),
                ledger.pagesLost(executions),
                emissions.commands(),
                emissions.commandsEmittedTwice(),
                executions.repeats(),
                emissions.deadLetters(),
                emissions.deadLettersTwice(),
                emissions.deadLettered().equals(ledger.hopeless()));
    }

    /** Nothing lost, no page left unrefreshed, no command emitted twice. */
    public boolean noneLostOrEmittedTwice() {
        return lost == 0 && pagesLost == 0 && commandsEmittedTwice == 0;
    }

    /** One line for a test's output. */
    public String summary() {
        return String.format(
                "%,d jobs: lost %d; %,d commands, %d emitted twice; %d duplicate executions at the stub;"
                        + " %d dead letters, %d twice",
                jobs, lost, commands, commandsEmittedTwice, stubDuplicates, deadLetters, deadLettersTwice);
    }
}
