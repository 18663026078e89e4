package org.jobqueue.app.steer;

import java.time.Instant;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue drop}: the kill switch at run time for a flood of one type's jobs. */
@Command(
        name = "drop",
        header = "Drop and count a type's jobs (on one database or all): the kill switch at run time",
        description = {
            "The kill switch at run time: write a drop rule for a type (optionally on one database) to"
                    + " <dc>.jobqueue.control. Matching arrivals (and, with --purge, the matching jobs already waiting)"
                    + " are dropped and counted, until the rule is removed (--remove) or expires (--until).",
            "TIME: an ISO-8601 time with its offset (2026-12-02T18:00:00Z) or a duration from now (30m, 2h, 1d).",
            "Exits 0 when written (or when --remove found no such rule), 1 when the cluster fails, 2 on a bad"
                    + " configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class DropCommand extends SteerCommand {
    @Option(names = "--type", required = true, paramLabel = "T", description = "The job type to drop")
    private String type;

    @Option(names = "--database", paramLabel = "D", description = "Only this wiki's jobs of the type, e.g. enwiki")
    private String database;

    @Option(names = "--until", paramLabel = "TIME", description = "The rule ends by itself at TIME")
    private String until;

    @Option(names = "--purge", description = "Also drop the matching jobs already waiting")
    private boolean purge;

    @Option(names = "--remove", description = "Remove the drop rule of this type and database instead")
    private boolean remove;

    @Option(names = "--dry-run", description = "Print what would change, and write nothing")
    private boolean dryRun;

    @Override
    int run(final JobQueueConfig config) {
        final Scope scope = new Scope(null, Names.type(spec(), type), Names.database(spec(), database));
        if (remove && (until != null || purge)) {
            throw usage("--remove takes no --until or --purge: it removes the rule of this type and database");
        }
        final RuleChange change = new RuleChange(new ControlTopic(config, "jobqueue-drop"), out(), dryRun);
        if (remove) {
            change.remove(
                    ControlAction.drop,
                    scope,
                    "no longer dropping " + scope.text(),
                    "stop dropping " + scope.text(),
                    "nothing to remove: no drop rule for " + scope.text());
        } else {
            final Instant end = Until.of(this, until);
            final ControlRule rule = scope.rule(ControlAction.drop, end, purge, now());
            final String ending = " (" + RuleText.until(rule, "removed") + ")";
            change.set(
                    rule,
                    "dropping " + scope.text() + (purge ? ", and purging those waiting" : "") + ending,
                    "drop " + scope.text() + (purge ? ", and purge those waiting" : "") + ending);
        }
        return ExitCode.OK;
    }

    @Override
    String whatItDoes() {
        return remove ? "remove the drop rule" : "drop";
    }
}
