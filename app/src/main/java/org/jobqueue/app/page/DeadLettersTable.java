package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A type's newest dead letters ({@code GET /api/dead-letters}), newest first, each with its retry button. */
final class DeadLettersTable {
    private DeadLettersTable() {}

    static String render(final JsonNode letters, final long now) {
        if (letters.has("error")) return "<p class=\"error\">" + Html.text(letters, "error") + "</p>";
        if (letters.isEmpty()) return "<p class=\"empty\" id=\"dead-letters\">No dead letters.</p>";
        final List<JsonNode> newestFirst = new ArrayList<>();
        letters.forEach(newestFirst::add);
        Collections.reverse(newestFirst);
        final StringBuilder html = new StringBuilder("<table class=\"dead-letters\" id=\"dead-letters\"><thead><tr>")
                .append("<th>Dead</th><th>Event id</th><th>Database</th><th class=\"num\">Attempts</th>")
                .append("<th>Reason</th><th>Params</th><th></th></tr></thead><tbody>");
        for (final JsonNode letter : newestFirst) {
            final String eventId = letter.path("event_id").asText();
            final int attempts = letter.path("attempts").size()
                    + letter.path("attempts_not_kept").asInt();
            html.append("<tr><td title=\"")
                    .append(Html.text(letter, "dead_at"))
                    .append("\">")
                    .append(Html.escape(Ages.since(letter.path("dead_at").asText(), now)))
                    .append("</td><td>")
                    .append(JobPage.anchor(eventId, null))
                    .append("</td><td>")
                    .append(Html.text(letter, "database"))
                    .append("</td><td class=\"num\">")
                    .append(attempts)
                    .append("</td><td>")
                    .append(Html.text(letter, "reason"))
                    .append("</td><td><code class=\"params\">")
                    .append(Html.escape(letter.path("event").path("params").toString()))
                    .append("</code></td><td>")
                    .append(Buttons.post(
                            "retry-" + eventId,
                            "Retry",
                            "/api/dead-letter/retry",
                            Buttons.body().put("id", eventId),
                            null))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
