package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;

/** The warning that an answer is partial: which partitions did not answer, and why. */
final class Envelope {
    private Envelope() {}

    static String partial(final JsonNode answer) {
        if (answer.path("complete").asBoolean(true)) return "";
        final StringBuilder html = new StringBuilder("<p class=\"warning\">Partial: ")
                .append(answer.path("missing").size())
                .append(" of ")
                .append(answer.path("partitions").asInt())
                .append(" partitions did not answer (");
        int shown = 0;
        for (final JsonNode missing : answer.path("missing")) {
            if (shown++ == 4) {
                html.append(", …");
                break;
            }
            html.append(shown > 1 ? ", " : "")
                    .append(missing.path("partition").asInt())
                    .append(": ")
                    .append(Html.text(missing, "reason"));
        }
        return html.append(").</p>").toString();
    }
}
