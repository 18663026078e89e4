package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;

/** Every attempt kept of a job: released, outcome, HTTP status, duration, the answer's excerpt. */
final class AttemptsTable {
    private AttemptsTable() {}

    static String render(final JsonNode job, final long now) {
        final JsonNode attempts = job.path("attempts");
        final int notKept = job.path("attempts_not_kept").asInt();
        final String note = notKept == 0 ? "" : "<p class=\"muted\">" + notKept + " earlier attempts not kept.</p>";
        if (attempts.isEmpty()) return note + "<p class=\"empty\" id=\"attempts\">No attempt yet.</p>";
        final StringBuilder html = new StringBuilder(note)
                .append("<table class=\"attempts\" id=\"attempts\"><thead><tr><th class=\"num\">#</th>")
                .append("<th>Released</th><th>Outcome</th><th class=\"num\">HTTP</th><th class=\"num\">Took</th>")
                .append("<th>Message</th></tr></thead><tbody>");
        for (final JsonNode attempt : attempts) {
            final JsonNode duration = attempt.path("duration_ms");
            html.append("<tr><td class=\"num\">")
                    .append(attempt.path("attempt").asInt())
                    .append("</td><td title=\"")
                    .append(Html.text(attempt, "released_at"))
                    .append("\">")
                    .append(Html.escape(Ages.since(attempt.path("released_at").asText(), now)))
                    .append("</td><td><span class=\"outcome outcome-")
                    .append(Html.text(attempt, "outcome"))
                    .append("\">")
                    .append(Html.text(attempt, "outcome"))
                    .append("</span></td><td class=\"num\">")
                    .append(Html.text(attempt, "http_status"))
                    .append("</td><td class=\"num\">")
                    .append(duration.isNumber() ? duration.asLong() + " ms" : "")
                    .append("</td><td><code>")
                    .append(Html.text(attempt, "message"))
                    .append("</code></td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
