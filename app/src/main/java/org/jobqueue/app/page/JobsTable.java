package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;

/** A listing of jobs ({@code GET /api/jobs?type=&state=}), oldest first, each linked to its page. */
final class JobsTable {
    private JobsTable() {}

    static String render(final String id, final JsonNode listing, final long now) {
        final JsonNode jobs = listing.path("jobs");
        final String partial = Envelope.partial(listing);
        if (jobs.isEmpty()) return partial + "<p class=\"empty\" id=\"" + id + "\">None.</p>";
        final StringBuilder html = new StringBuilder(partial)
                .append("<table class=\"jobs\" id=\"")
                .append(id)
                .append("\"><thead><tr><th>Event id</th><th>Database</th><th>Job key</th><th>Since</th>")
                .append("<th class=\"num\">Age</th></tr></thead><tbody>");
        for (final JsonNode job : jobs) {
            html.append("<tr><td>")
                    .append(JobPage.anchor(job.path("event_id").asText(), null))
                    .append("</td><td>")
                    .append(Html.text(job, "database"))
                    .append("</td><td><code>")
                    .append(Html.text(job, "job_key"))
                    .append("</code></td><td>")
                    .append(Html.text(job, "since"))
                    .append("</td><td class=\"num\">")
                    .append(Html.escape(Ages.since(job.path("since").asText(), now)))
                    .append("</td></tr>");
        }
        if (listing.path("truncated").asBoolean()) {
            html.append("<tr><td colspan=\"5\" class=\"muted\">Not every job was looked at.</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
