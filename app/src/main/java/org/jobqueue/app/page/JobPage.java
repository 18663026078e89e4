package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import org.jobqueue.app.api.PageReads;

/** {@code /jobs/<id>[?database=]}: where a job is, why, and every attempt ({@code GET /api/jobs/{id}}). */
final class JobPage {
    private static final String[][] FIELDS = {
        {"event_id", "Event id"},
        {"job_key", "Job key"},
        {"type", "Type"},
        {"database", "Database"},
        {"lane", "Lane"},
        {"due", "Due"},
        {"enqueued_at", "Enqueued"},
        {"reason", "Reason"},
        {"winner", "Winner"}
    };

    private final PageReads reads;
    private final long now;

    JobPage(final PageReads reads, final long now) {
        this.reads = reads;
        this.now = now;
    }

    static String link(final String id, final String database) {
        return "/jobs/" + Html.url(id)
                + (database == null || database.isBlank() ? "" : "?database=" + Html.url(database.strip()));
    }

    static String anchor(final String id, final String database) {
        return "<a href=\"" + link(id, database) + "\">" + Html.escape(id) + "</a>";
    }

    String render(final String id, final String database) {
        final JsonNode answer = reads.job(id, database == null || database.isBlank() ? null : database);
        final JsonNode job = answer.path("job");
        final String state = job.path("state").asText();
        final StringBuilder body = new StringBuilder("<h1>Job <code>")
                .append(Html.escape(id))
                .append("</code> <span class=\"state state-")
                .append(Html.escape(state))
                .append("\" id=\"job-state\">")
                .append(Html.escape(state))
                .append(job.path("paused").asBoolean() ? " (paused)" : "")
                .append("</span></h1>")
                .append(Envelope.partial(answer))
                .append("<table class=\"fields\"><tbody>");
        for (final String[] field : FIELDS) {
            if (!job.path(field[0]).isNull() && !job.path(field[0]).isMissingNode()) {
                body.append("<tr><th>").append(field[1]).append("</th><td>").append(value(job, field[0]));
                body.append("</td></tr>");
            }
        }
        body.append("</tbody></table><h2>Attempts</h2>").append(AttemptsTable.render(job, now));
        return Layout.page("Job " + id, body.toString());
    }

    private String value(final JsonNode job, final String field) {
        if (field.equals("type")) {
            return "<a href=\"/types/" + Html.url(job.path("type").asText()) + "\">" + Html.text(job, "type") + "</a>";
        }
        if (field.equals("winner")) return anchor(job.path("winner").asText(), null);
        final String since = field.equals("due") || field.equals("enqueued_at")
                ? " <span class=\"muted\">("
                        + Html.escape(Ages.since(job.path(field).asText(), now)) + ")</span>"
                : "";
        return Html.text(job, field) + since;
    }
}
