package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The warning for an answer that not every partition contributed to. */
final class Partial {
    private Partial() {}

    /** {@code partial: partitions 2 (restoring), 5 (unassigned) did not answer}, or null when complete. */
    static String warning(final JsonNode answer) {
        if (answer.path("complete").asBoolean(true)) return null;
        final List<String> missing = new ArrayList<>();
        for (final JsonNode partition : answer.path("missing")) {
            missing.add(partition.path("partition").asText() + " ("
                    + partition.path("reason").asText("unknown") + ")");
        }
        if (missing.isEmpty()) return "partial: some partitions did not answer";
        return "partial: partition" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + " did not answer";
    }
}
