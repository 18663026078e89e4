package org.jobqueue.app.steer;

import java.time.Instant;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobqueue pause}: holds the jobs of a type (on one database or all) or of a lane until resumed. */
@Command(
        name = "pause",
        header = "Hold the jobs of a type (on one database or all) or of a lane until resumed",
        description = {
            "Hold the jobs of a type (optionally on one database) or of a whole lane: they wait in the queue and are"
                    + " not released until 'jobqueue resume' or --until. Writes a pause rule to <dc>.jobqueue.control"
                    + " (a rule of the same scope is replaced).",
            "TIME: an ISO-8601 time with its offset (2026-12-02T18:00:00Z) or a duration from now (30m, 2h, 1d).",
            "Exits 0 when written, 1 when the cluster fails, 2 on a bad configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class PauseCommand extends SteerCommand {
    @Mixin
    private ScopeOptions scopeOptions;

    @Option(names = "--until", paramLabel = "TIME", description = "The pause ends by itself at TIME")
    private String until;

    @Option(names = "--dry-run", description = "Print what would change, and write nothing")
    private boolean dryRun;

    @Override
    int run(final JobQueueConfig config) {
        final Scope scope = scopeOptions.scope(config.queue().lanes());
        final Instant end = Until.of(this, until);
        final ControlRule rule = scope.rule(ControlAction.pause, end, false, now());
        final String what = scope.text() + " (" + RuleText.until(rule, "resumed") + ")";
        new RuleChange(new ControlTopic(config, "jobqueue-pause"), out(), dryRun)
                .set(rule, "paused " + what, "pause " + what);
        return ExitCode.OK;
    }

    @Override
    String whatItDoes() {
        return "pause";
    }
}
