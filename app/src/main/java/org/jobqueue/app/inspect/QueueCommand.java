package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue queue}: how many jobs wait, per lane and type, over the whole deployment. */
@Command(
        name = "queue",
        header = "Show how many jobs are ready, delayed, in flight and held, per lane and type",
        description = {
            "Per lane and type, the jobs ready, delayed, in flight and held, and the age of the oldest ready job,"
                    + " summed over the deployment, as one running instance answers it.",
            "Exits 0 when answered (a partial answer is noted on stderr), 1 when no instance answers, 2 on a bad"
                    + " configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class QueueCommand extends InspectCommand {
    private static final List<String> COUNTS = List.of("ready", "delayed", "in_flight", "held");

    @Option(names = "--type", paramLabel = "TYPE", description = "Only the jobs of TYPE")
    private String type;

    @Option(names = "--database", paramLabel = "DATABASE", description = "Only the jobs on DATABASE (a column then)")
    private String database;

    @Option(names = "--json", description = "Print the API's JSON answer")
    private boolean json;

    @Override
    int run(final AdminApi api) throws InterruptedException {
        final AdminApi.Answer answer =
                api.get("/api/queue", new AdminApi.Query().with("type", type).with("database", database));
        if (answer.status() != 200) throw Errors.of("/api/queue", answer);
        warnIfPartial(answer.body());
        if (json) Pretty.print(out(), answer.body());
        else table(answer.body()).print(out());
        return ExitCode.OK;
    }

    private Table table(final JsonNode body) {
        final Table table = new Table(header());
        final long[] totals = new long[COUNTS.size()];
        for (final JsonNode row : body.path("types")) {
            final List<String> cells = new ArrayList<>(
                    List.of(row.path("lane").asText(), row.path("type").asText()));
            if (database != null) cells.add(row.path("database").asText(database));
            for (int count = 0; count < COUNTS.size(); count++) {
                final long value = row.path(COUNTS.get(count)).asLong();
                totals[count] += value;
                cells.add(Long.toString(value));
            }
            final JsonNode oldest = row.path("oldest_ready_age_ms");
            cells.add(Age.of(oldest.isNumber() ? oldest.asLong() : null));
            table.add(cells);
        }
        return table.add(totalRow(totals));
    }

    private List<String> header() {
        final List<String> header = new ArrayList<>(List.of("LANE", "TYPE"));
        if (database != null) header.add("DATABASE");
        header.addAll(List.of("READY", "DELAYED", "IN_FLIGHT", "HELD", "OLDEST_READY"));
        return header;
    }

    private List<String> totalRow(final long[] totals) {
        final List<String> cells = new ArrayList<>(List.of("total", ""));
        if (database != null) cells.add("");
        for (final long total : totals) cells.add(Long.toString(total));
        cells.add("");
        return cells;
    }
}
