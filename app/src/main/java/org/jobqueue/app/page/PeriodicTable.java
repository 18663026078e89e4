package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The periodic schedules ({@code GET /api/periodic}'s {@code schedules}): per schedule and wiki, the period last fired
 * with its job, and the next one, marked when it is overdue.
 */
final class PeriodicTable {
    private PeriodicTable() {}

    static String render(final JsonNode answer, final long now) {
        final StringBuilder html = new StringBuilder(Envelope.partial(answer))
                .append("<table class=\"periodic\" id=\"periodic-table\"><thead><tr><th>Schedule</th><th>Type</th>")
                .append(
                        "<th>Periods</th><th>Wiki</th><th>Last fired</th><th>Job</th><th>Next</th></tr></thead><tbody>");
        answer.path("schedules").forEach(row -> row(html, row, now));
        return html.append("</tbody></table>").toString();
    }

    private static void row(final StringBuilder html, final JsonNode row, final long now) {
        final JsonNode fired = row.path("fired_period");
        final String eventId = row.path("event_id").asText("");
        final long next = row.path("next_period").asLong();
        html.append("<tr><td>")
                .append(Html.text(row, "schedule"))
                .append("</td><td><a href=\"/types/")
                .append(Html.url(row.path("type").asText()))
                .append("\">")
                .append(Html.text(row, "type"))
                .append("</a></td><td>")
                .append(Html.text(row, "periods"))
                .append("</td><td>")
                .append(Html.text(row, "wiki"))
                .append("</td><td>")
                .append(fired.isNumber() ? time(fired.asLong(), now) : "<span class=\"muted\">never</span>")
                .append("</td><td>")
                .append(
                        eventId.isEmpty()
                                ? ""
                                : JobPage.anchor(eventId, row.path("wiki").asText()))
                .append("</td><td")
                .append(next < now ? " class=\"overdue\">" : ">")
                .append(time(next, now))
                .append("</td></tr>");
    }

    private static String time(final long millis, final long now) {
        final String iso = Instant.ofEpochMilli(millis).toString();
        return "<span title=\"" + Html.escape(iso) + "\">" + Html.escape(Ages.since(iso, now)) + "</span>";
    }
}
