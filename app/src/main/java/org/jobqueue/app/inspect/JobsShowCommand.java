package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobqueue jobs show}: one job, its state and its attempts. */
@Command(
        name = "show",
        header = "Show one job: its state and its attempts",
        description = {
            "ID: an event id, a job key, or sha1:<hex> (with --database).",
            "Exits 0 when found, 1 when the job is unknown or no instance answers, 2 on a bad configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class JobsShowCommand extends InspectCommand {
    @Parameters(paramLabel = "ID", description = "The job's event id, job key, or sha1:<hex>")
    private String id;

    @Option(names = "--database", paramLabel = "DATABASE", description = "The database of a sha1:<hex> id")
    private String database;

    @Override
    void checkFlags() {
        if (id.startsWith("sha1:") && database == null) {
            throw usage("a sha1:<hex> id needs --database: the same job may be queued on several databases");
        }
    }

    @Override
    int run(final AdminApi api) throws InterruptedException {
        final String path = "/api/jobs/" + AdminApi.encode(id);
        final AdminApi.Answer answer = api.get(path, new AdminApi.Query().with("database", database));
        if (answer.status() != 200 && answer.status() != 404) throw Errors.of(path, answer);
        warnIfPartial(answer.body());
        final JsonNode job = answer.body().path("job");
        Pretty.print(out(), job);
        return "unknown".equals(job.path("state").asText()) ? ExitCode.SOFTWARE : ExitCode.OK;
    }
}
