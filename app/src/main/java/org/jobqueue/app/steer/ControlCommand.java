package org.jobqueue.app.steer;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue control}: the pause and drop rules in the control topic. */
@Command(
        name = "control",
        header = "List the pause and drop rules (<dc>.jobqueue.control)",
        description = {
            "List the pause and drop rules in <dc>.jobqueue.control, one per line: the rule (action and scope, 'purge'"
                    + " for a drop rule that purges), until (- for until removed), created_by, created_at, and"
                    + " 'expired' for a rule whose until has passed (the queue no longer applies it). The last line"
                    + " counts them.",
            "With --json, one JSON object per line, and the count on stderr.",
            "Exits 0, 1 when the cluster fails, 2 on a bad configuration."
        },
        mixinStandardHelpOptions = true)
public final class ControlCommand extends SteerCommand {
    @Option(names = "--json", description = "One JSON object per rule")
    private boolean json;

    @Override
    int run(final JobQueueConfig config) {
        final SortedMap<String, ControlRule> rules = new ControlTopic(config, "jobqueue-control").rules();
        final Instant now = now();
        final PrintWriter out = out();
        for (final Map.Entry<String, ControlRule> rule : rules.entrySet()) {
            out.println(
                    json
                            ? RuleText.json(rule.getKey(), rule.getValue(), now)
                            : RuleText.line(rule.getKey(), rule.getValue(), now));
        }
        out.flush();
        final PrintWriter countTo = json ? err() : out;
        countTo.println(rules.size() == 1 ? "1 rule" : rules.size() + " rules");
        countTo.flush();
        return ExitCode.OK;
    }

    @Override
    String whatItDoes() {
        return "read the control topic";
    }
}
