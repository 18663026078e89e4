package org.jobqueue.app.demo;

import java.time.Duration;
import java.util.Locale;

/** The table the demo prints at its end. */
final class DemoSummary {
    private static final String ROW = "  %-36s %8s  %s%n";

    private DemoSummary() {}

    static String of(final DemoRun run) {
        final StringBuilder table = new StringBuilder(String.format("%njobqueue demo: summary%n"));
        planned(table, run);
        row(table, "received (valid)", run.received(), "");
        row(table, "invalid", run.invalid(), "sent to demo.jobqueue.invalid");
        row(table, "executed ok", run.ok(), "");
        row(table, "retried", run.retried(), "retries of failed attempts");
        row(table, "deduplicated", run.deduplicated(), "");
        run.deduplicatedByReason().forEach((reason, count) -> row(table, "  " + reason, count, because(run, reason)));
        row(table, "dead-lettered", run.deadLettered(), run.plannedToFailAlways() + " planned to fail always");
        row(table, "abandoned", run.abandoned(), "");
        row(table, "executions at the stub", run.stub().executed(), run.stub().failed() + " failed attempts");
        row(
                table,
                "duplicate executions at the stub",
                run.stub().duplicateExecutions(),
                "event ids run more than once");
        row(table, "elapsed", seconds(run.elapsed()), "set-up included");
        row(table, "jobs/s", String.format(Locale.ROOT, "%.0f", run.jobsPerSecond()), "jobs ended per second of work");
        table.append(String.format("%n  %s%n", verdict(run)));
        return table.toString();
    }

    private static void planned(final StringBuilder table, final DemoRun run) {
        row(
                table,
                "jobs produced",
                run.produced(),
                String.format(
                        "%d sha1 duplicates, %d replays, %d invalid inputs",
                        run.planned(JobKind.SHA1_DUPLICATE),
                        run.planned(JobKind.REPLAY),
                        run.planned(JobKind.INVALID)));
        row(
                table,
                "",
                "",
                String.format(
                        "%d delayed, %d fail once, %d fail always, %d read-only once",
                        run.planned(JobKind.DELAYED),
                        run.planned(JobKind.FAILS_ONCE),
                        run.planned(JobKind.FAILS_ALWAYS),
                        run.planned(JobKind.READ_ONLY)));
        row(table, "", "", run.planned(JobKind.SUPERSEDED) + " of a root job that a newer one supersedes");
    }

    private static String because(final DemoRun run, final String reason) {
        return switch (reason) {
            case "event-id" -> run.planned(JobKind.REPLAY) + " replays sent";
            case "sha1-waiting" -> "the same job already waiting";
            case "executed-after-creation" -> "the same job ran after this one was created";
            case "root-superseded" -> run.planned(JobKind.SUPERSEDED) + " jobs of the older root sent";
            default -> "a retry found the same job waiting";
        };
    }

    private static String verdict(final DemoRun run) {
        if (!run.accountedFor()) {
            return "NOT every job was accounted for before --duration ran out: " + run.finished() + " of "
                    + (run.produced() - run.invalid()) + " ended.";
        }
        return "Every job is accounted for: " + run.finished() + " of " + (run.produced() - run.invalid())
                + " ended executed, deduplicated, dead-lettered or abandoned.";
    }

    private static void row(final StringBuilder table, final String name, final Object value, final String note) {
        table.append(String.format(Locale.ROOT, ROW, name, value, note));
    }

    private static String seconds(final Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
