package org.jobqueue.app.replay;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** The table a replay prints: per topic and partition, the old and new offsets and the records to re-read. */
final class ReplayReport {
    private static final String ROW = "%-44s %9s %12s %12s %12s%n";

    private ReplayReport() {}

    static void print(
            final PrintWriter out,
            final String applicationId,
            final String dc,
            final Instant time,
            final ReplayPlan plan) {
        out.printf(Locale.ROOT, "replay of %s's job topics for application %s from %s%n", dc, applicationId, time);
        out.printf(Locale.ROOT, ROW, "topic", "partition", "old", "new", "re-read");
        for (final ReplayPlan.Move move : plan.moves()) {
            out.printf(
                    Locale.ROOT,
                    ROW,
                    move.partition().topic(),
                    move.partition().partition(),
                    move.committed() == null ? "-" : Long.toString(move.committed()),
                    Long.toString(move.target()),
                    Long.toString(move.reRead()));
        }
        out.printf(
                Locale.ROOT,
                "total: %d partitions, %d records to re-read ('-': never read; it would have started at the"
                        + " earliest offset)%n",
                plan.moves().size(),
                plan.totalReRead());
    }
}
