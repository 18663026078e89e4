package org.jobqueue.tools.demo;

import java.time.Duration;
import java.util.Locale;
import org.jobqueue.tools.events.JobTypes;

/** The table the demo prints at its end. */
final class DemoSummary {
    private static final String ROW = "  %-36s %8s  %s%n";

    private DemoSummary() {}

    static String of(final DemoRun run) {
        final StringBuilder table = new StringBuilder(String.format("%njobqueue demo: summary%n"));
        planned(table, run);
        row(table, "received (valid)", run.received(), "");
        fanout(table, run);
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
        row(
                table,
                "periodic jobs fired",
                run.periodicFired(),
                DemoConfig.PERIODIC_SCHEDULE + " every " + DemoConfig.PERIODIC_EVERY.toSeconds() + " s on "
                        + String.join(", ", DemoConfig.PERIODIC_WIKIS) + " (in received and executed)");
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
        row(
                table,
                "",
                "",
                run.planned(JobKind.RECURSIVE) + " recursive (refreshLinks, htmlCacheUpdate) of an edit of Template:"
                        + DemoConfig.TEMPLATE_TITLE);
    }

    private static void fanout(final StringBuilder table, final DemoRun run) {
        final DemoRun.Fanout fanout = run.fanout();
        row(
                table,
                "backlinks seeded",
                fanout.backlinksSeeded(),
                "of Template:" + DemoConfig.TEMPLATE_TITLE + " on " + DemoConfig.TEMPLATE_DATABASE + ", through "
                        + DemoConfig.linksTopic());
        row(table, "expansions started", fanout.expansionsStarted(), "one per recursive job");
        row(
                table,
                "expansions finished",
                fanout.expansionsFinished(),
                fanout.expansionsDropped() + " dropped (root superseded or abandoned)");
        row(table, "backlinks expanded", fanout.backlinksExpanded(), "every backlink, once per recursive job");
        row(
                table,
                "leaves emitted",
                fanout.leaves(),
                String.format(
                        Locale.ROOT,
                        "%d refreshLinks (%d page each), %d htmlCacheUpdate (%d pages each)",
                        fanout.leaves(JobTypes.REFRESH_LINKS),
                        DemoConfig.REFRESH_LINKS_FANOUT.pagesPerJob(),
                        fanout.leaves(JobTypes.HTML_CACHE_UPDATE),
                        DemoConfig.HTML_CACHE_UPDATE_FANOUT.pagesPerJob()));
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
        final String expected = String.format(
                Locale.ROOT,
                "%d jobs produced and %d leaves; the %d recursive jobs were expanded, not executed",
                run.produced() - run.invalid() - run.planned(JobKind.RECURSIVE),
                run.fanout().leaves(),
                run.planned(JobKind.RECURSIVE));
        if (!run.accountedFor()) {
            return "NOT every job was accounted for before --duration ran out: " + run.finished() + " of "
                    + run.expected() + " ended" + System.lineSeparator() + "  (" + expected + ").";
        }
        return "Every job is accounted for: " + run.finished() + " of " + run.expected() + " (+"
                + run.periodicFired() + " periodic)"
                + " ended executed, deduplicated, dead-lettered or abandoned" + System.lineSeparator() + "  ("
                + expected + ").";
    }

    private static void row(final StringBuilder table, final String name, final Object value, final String note) {
        table.append(String.format(Locale.ROOT, ROW, name, value, note));
    }

    private static String seconds(final Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
