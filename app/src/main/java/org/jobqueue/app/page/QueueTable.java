package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;

/** The queue's depth per lane and type, as {@code GET /api/queue} answers it, with a total. */
final class QueueTable {
    private static final String[] COUNTS = {"ready", "delayed", "in_flight", "held"};

    private QueueTable() {}

    static String render(final JsonNode queue, final Rules rules) {
        final JsonNode rows = queue.path("types");
        if (rows.isEmpty()) return Envelope.partial(queue) + "<p class=\"empty\">Nothing waits.</p>";
        final boolean databases = rows.findValues("database").stream().anyMatch(database -> !database.isNull());
        final StringBuilder html = new StringBuilder(Envelope.partial(queue))
                .append("<table class=\"queue\"><thead><tr><th>Lane</th><th>Type</th>")
                .append(databases ? "<th>Database</th>" : "")
                .append("<th class=\"num\">Ready</th><th class=\"num\">Delayed</th><th class=\"num\">In flight</th>")
                .append("<th class=\"num\">Held</th><th class=\"num\">Oldest ready</th></tr></thead><tbody>");
        final long[] totals = new long[COUNTS.length];
        for (final JsonNode row : rows) {
            html.append(row(row, rules, databases));
            for (int i = 0; i < COUNTS.length; i++)
                totals[i] += row.path(COUNTS[i]).asLong();
        }
        html.append("</tbody><tfoot><tr><th colspan=\"")
                .append(databases ? 3 : 2)
                .append("\">Total</th>");
        for (final long total : totals)
            html.append("<td class=\"num\">").append(Html.count(total)).append("</td>");
        return html.append("<td></td></tr></tfoot></table>").toString();
    }

    private static String row(final JsonNode row, final Rules rules, final boolean databases) {
        final String lane = row.path("lane").asText();
        final String type = row.path("type").asText();
        final String action = rules.actionOn(lane, type);
        final StringBuilder html = new StringBuilder("<tr data-lane=\"")
                .append(Html.escape(lane))
                .append("\" data-type=\"")
                .append(Html.escape(type))
                .append("\"><td><span class=\"lane lane-")
                .append(Html.escape(lane))
                .append("\">")
                .append(Html.escape(lane))
                .append("</span></td><td><a href=\"/types/")
                .append(Html.url(type))
                .append("\">")
                .append(Html.escape(type))
                .append("</a>")
                .append(
                        action == null
                                ? ""
                                : " <span class=\"badge " + Html.escape(action) + "\">" + Html.escape(action)
                                        + "d</span>")
                .append("</td>")
                .append(databases ? "<td>" + Html.text(row, "database") + "</td>" : "");
        for (final String count : COUNTS) {
            html.append("<td class=\"num ")
                    .append(count.replace('_', '-'))
                    .append("\">")
                    .append(Html.count(row.path(count).asLong()))
                    .append("</td>");
        }
        final JsonNode age = row.path("oldest_ready_age_ms");
        return html.append("<td class=\"num age\">")
                .append(age.isNumber() ? Ages.of(age.asLong()) : "")
                .append("</td></tr>")
                .toString();
    }
}
