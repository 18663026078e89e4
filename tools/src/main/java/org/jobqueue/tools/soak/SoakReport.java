package org.jobqueue.tools.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jobqueue.tools.processes.FaultCounts;

/**
 * What a soak did and found: its conditions, the load it offered, the faults, and what became of the jobs
 * ({@link FaultCounts}). It passed when nothing was lost and no command was emitted twice.
 *
 * @param leavesExecuted the executions at the stub of leaves of recursive jobs
 * @param drainSeconds from the end of the load until every job had run and every hopeless one was dead-lettered, or
 *     until the drain time-out
 */
public record SoakReport(
        Conditions conditions,
        Load load,
        Faults faults,
        FaultCounts counts,
        long leavesExecuted,
        boolean drained,
        double drainSeconds,
        double elapsedSeconds) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ROW = "  %-34s %10s  %s%n";

    /** The options the soak ran with, and the machine. */
    public record Conditions(
            int minutes,
            int rate,
            long killEverySeconds,
            long bounceEverySeconds,
            double failRate,
            int cores,
            String java) {}

    /**
     * The jobs offered: {@code sendsFailed} are the ones the producer gave up on (not counted anywhere else), and
     * {@code backlinks} the links written before the load.
     */
    public record Load(
            long offered,
            long recursive,
            long delayed,
            long sha1Duplicates,
            long failOnce,
            long failAlways,
            long sendsFailed,
            long backlinks) {}

    /** {@code diedOnTheirOwn} names the processes that exited without being killed (each was started again). */
    public record Faults(int runKills, int brokerBounces, double longestBounceSeconds, List<String> diedOnTheirOwn) {}

    public boolean passed() {
        return counts.noneLostOrEmittedTwice();
    }

    public void write(final Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** The table printed at the end. */
    public String table() {
        final StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "%njobqueue soak: %d min at %d jobs/s, a run instance killed -9 every %s, the broker every %s,"
                        + " fail rate %s%n",
                conditions.minutes(),
                conditions.rate(),
                every(conditions.killEverySeconds()),
                every(conditions.bounceEverySeconds()),
                conditions.failRate()));
        row(table, "jobs produced", counts.jobs(), produced());
        row(
                table,
                "",
                "",
                "%,d with params.stub_fail once, %,d always; %,d sends failed",
                load.failOnce(),
                load.failAlways(),
                load.sendsFailed());
        row(
                table,
                "pages to refresh",
                counts.pages(),
                "%,d backlinks of %d templates, by refreshLinks and htmlCacheUpdate",
                load.backlinks(),
                Backlinks.TEMPLATES);
        row(table, "executed", counts.executed(), "event ids run at the stub, %,d of them leaves", leavesExecuted);
        row(table, "duplicated", counts.stubDuplicates(), "executions beyond the first of an event id");
        row(
                table,
                "dead-lettered",
                counts.deadLetters(),
                "%s the %,d planned to fail always; %d twice",
                counts.deadLettersAsPlanned() ? "exactly" : "NOT exactly",
                counts.hopeless(),
                counts.deadLettersTwice());
        row(table, "lost", counts.lost(), "jobs planned to run that never ran%s", listed(counts.lost()));
        row(
                table,
                "pages lost",
                counts.pagesLost(),
                "pages no leaf refreshed after their latest recursive job%s",
                listed(counts.pagesLost()));
        row(
                table,
                "commands",
                counts.commands(),
                "%d emitted twice (same event and attempt)",
                counts.commandsEmittedTwice());
        row(
                table,
                "run instances killed -9",
                faults.runKills(),
                "each started again %d s later",
                SoakProcesses.RESTART_AFTER_SECONDS);
        row(
                table,
                "broker killed -9",
                faults.brokerBounces(),
                "serving again after %.1f s at the longest",
                faults.longestBounceSeconds());
        row(
                table,
                "processes that died on their own",
                faults.diedOnTheirOwn().size(),
                String.join(", ", faults.diedOnTheirOwn()));
        row(table, "drained in", seconds(drainSeconds), drained ? "after the load" : "NOT drained: time-out");
        row(table, "elapsed", seconds(elapsedSeconds), "set-up included");
        table.append(String.format(
                "%n  %s%n",
                passed()
                        ? "PASSED: nothing lost, no command emitted twice."
                        : "FAILED: " + counts.lost() + " jobs and " + counts.pagesLost() + " pages lost, "
                                + counts.commandsEmittedTwice() + " commands emitted twice."));
        return table.toString();
    }

    private String produced() {
        return String.format(
                Locale.ROOT,
                "%,d recursive, %,d delayed, %,d sha1 duplicates",
                load.recursive(),
                load.delayed(),
                load.sha1Duplicates());
    }

    private static String listed(final long lost) {
        return lost == 0 ? "" : " (listed in " + Soak.LOST_FILE + " in the work directory)";
    }

    private static void row(
            final StringBuilder table, final String name, final Object value, final String note, final Object... args) {
        final Object shown =
                value instanceof Long || value instanceof Integer ? String.format(Locale.ROOT, "%,d", value) : value;
        table.append(String.format(Locale.ROOT, ROW, name, shown, String.format(Locale.ROOT, note, args)));
    }

    private static String every(final long seconds) {
        if (seconds == 0) return "never";
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String seconds(final double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
