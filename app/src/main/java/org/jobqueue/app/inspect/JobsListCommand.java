package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue jobs list}: the jobs of a type in one state, oldest first. */
@Command(
        name = "list",
        header = "List the jobs of a type in a state, oldest first",
        description = {"Exits 0 when answered, 1 when no instance answers, 2 on a bad configuration or flag."},
        mixinStandardHelpOptions = true)
public final class JobsListCommand extends InspectCommand {
    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The job type")
    private String type;

    @Option(names = "--state", required = true, paramLabel = "STATE", description = "delayed, ready or in-flight")
    private String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N jobs (default 20)")
    private int limit;

    @Option(names = "--json", description = "Print the API's JSON answer")
    private boolean json;

    @Override
    void checkFlags() {
        if (!List.of("delayed", "ready", "in-flight").contains(state)) {
            throw usage("--state '" + state + "': expected delayed, ready or in-flight");
        }
        if (limit < 1) throw usage("--limit " + limit + ": expected a positive number");
    }

    @Override
    int run(final AdminApi api) throws InterruptedException {
        final AdminApi.Answer answer = api.get(
                "/api/jobs",
                new AdminApi.Query().with("type", type).with("state", state).with("limit", limit));
        if (answer.status() != 200) throw Errors.of("/api/jobs", answer);
        warnIfPartial(answer.body());
        if (json) Pretty.print(out(), answer.body());
        else printTable(answer.body());
        return ExitCode.OK;
    }

    private void printTable(final JsonNode body) {
        final Table table = new Table(List.of("STATE", "SINCE", "EVENT_ID", "DATABASE", "JOB_KEY"));
        for (final JsonNode job : body.path("jobs")) {
            table.add(List.of(
                    text(job, "state"),
                    text(job, "since"),
                    text(job, "event_id"),
                    text(job, "database"),
                    text(job, "job_key")));
        }
        table.print(out());
        if (body.path("truncated").asBoolean()) {
            out().println("(more than " + limit + " jobs; give a larger --limit to see more)");
            out().flush();
        }
    }

    private static String text(final JsonNode job, final String field) {
        return job.hasNonNull(field) ? job.get(field).asText() : "-";
    }
}
