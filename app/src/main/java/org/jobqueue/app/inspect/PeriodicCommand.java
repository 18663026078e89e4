package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue periodic}: each schedule's last and next firing per wiki. */
@Command(
        name = "periodic",
        header = "Show each periodic schedule's last and next firing per wiki",
        description = {
            "Per schedule and wiki of the configuration, the period last fired (as the deployment's running instances"
                    + " keep it) and the next one (from the schedule). Times in UTC.",
            "Exits 0 when answered (a partial answer is noted on stderr), 1 when no instance answers, 2 on a bad"
                    + " configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class PeriodicCommand extends InspectCommand {
    @Option(names = "--json", description = "Print the API's JSON answer")
    private boolean json;

    @Override
    int run(final AdminApi api) throws InterruptedException {
        final AdminApi.Answer answer = api.get("/api/periodic", new AdminApi.Query());
        if (answer.status() != 200) throw Errors.of("/api/periodic", answer);
        warnIfPartial(answer.body());
        if (json) Pretty.print(out(), answer.body());
        else table(answer.body(), System.currentTimeMillis()).print(out());
        return ExitCode.OK;
    }

    private static Table table(final JsonNode body, final long now) {
        final Table table = new Table(List.of("SCHEDULE", "TYPE", "PERIODS", "WIKI", "LAST_FIRED", "NEXT"));
        body.path("schedules")
                .forEach(row -> table.add(List.of(
                        row.path("schedule").asText(),
                        row.path("type").asText(),
                        row.path("periods").asText(),
                        row.path("wiki").asText(),
                        time(number(row.path("fired_period")), now),
                        time(number(row.path("next_period")), now))));
        return table;
    }

    private static String time(final Long millis, final long now) {
        if (millis == null) return "-";
        final String when = millis <= now ? Age.of(now - millis) + " ago" : "in " + Age.of(millis - now);
        return Instant.ofEpochMilli(millis) + " (" + when + ")";
    }

    private static Long number(final JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }
}
