package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.StringJoiner;

/** The deployment's instances ({@code GET /api/instances}): state, queue partitions, standby lag, reasons. */
final class InstancesTable {
    private InstancesTable() {}

    static String render(final JsonNode instances) {
        final StringBuilder html = new StringBuilder(
                "<table class=\"instances\"><thead><tr><th>Instance</th><th>State</th><th>Partitions</th>"
                        + "<th>Standby</th><th class=\"num\">Standby lag</th><th>Why not ready</th></tr></thead><tbody>");
        for (final JsonNode instance : instances) {
            final String state = stateOf(instance);
            html.append("<tr><td><a href=\"http://")
                    .append(Html.text(instance, "instance"))
                    .append("/\">")
                    .append(Html.text(instance, "instance"))
                    .append("</a></td><td><span class=\"state state-")
                    .append(Html.escape(state))
                    .append("\">")
                    .append(Html.escape(state))
                    .append("</span></td><td>")
                    .append(list(instance.path("active")))
                    .append("</td><td>")
                    .append(list(instance.path("standby")))
                    .append("</td><td class=\"num\">")
                    .append(Html.count(instance.path("standby_lag").asLong()))
                    .append("</td><td>")
                    .append(list(instance.path("reasons")))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** Running, restoring (ready but for its stores), or Kafka Streams' state in lower case. */
    static String stateOf(final JsonNode instance) {
        if (instance.path("ready").asBoolean()) return "running";
        for (final JsonNode reason : instance.path("reasons")) {
            if (reason.asText().startsWith("restoring")) return "restoring";
        }
        return instance.path("state").asText().toLowerCase(Locale.ROOT);
    }

    private static String list(final JsonNode values) {
        final StringJoiner joined = new StringJoiner(", ");
        values.forEach(value -> joined.add(Html.escape(value.asText())));
        return joined.toString();
    }
}
