package org.jobqueue.app.steer;

import org.jobqueue.schemas.ControlAction;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobqueue resume}: removes a pause, so that its jobs are released again. */
@Command(
        name = "resume",
        header = "Release the jobs of a pause again",
        description = {
            "Remove the pause of exactly this scope (a tombstone under its key in <dc>.jobqueue.control): its jobs are"
                    + " released again. When there is no such pause, says so and lists the pauses in force.",
            "Exits 0 when resumed or when there was nothing to resume, 1 when the cluster fails, 2 on a bad"
                    + " configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class ResumeCommand extends SteerCommand {
    @Mixin
    private ScopeOptions scopeOptions;

    @Option(names = "--dry-run", description = "Print what would change, and write nothing")
    private boolean dryRun;

    @Override
    int run(final JobQueueConfig config) {
        final Scope scope = scopeOptions.scope(config.queue().lanes());
        new RuleChange(new ControlTopic(config, "jobqueue-resume"), out(), dryRun)
                .remove(
                        ControlAction.pause,
                        scope,
                        "resumed " + scope.text(),
                        "resume " + scope.text(),
                        "nothing to resume: no pause of " + scope.text());
        return ExitCode.OK;
    }

    @Override
    String whatItDoes() {
        return "resume";
    }
}
