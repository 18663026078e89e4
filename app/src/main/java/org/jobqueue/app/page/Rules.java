package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;

/** The control rules in force ({@code GET /api/control}), asked which jobs a pause or a drop covers. */
final class Rules {
    private final JsonNode rules;

    Rules(final JsonNode rules) {
        this.rules = rules;
    }

    /** The action (pause, drop) in force over the whole of {@code type} in {@code lane}, or null. */
    String actionOn(final String lane, final String type) {
        for (final JsonNode rule : rules) {
            if (rule.path("expired").asBoolean() || !rule.path("database").isNull()) continue;
            final boolean typeMatches =
                    rule.path("type").isNull() || rule.path("type").asText().equals(type);
            final boolean laneMatches =
                    rule.path("lane").isNull() || rule.path("lane").asText().equals(lane);
            if (typeMatches && laneMatches) return rule.path("action").asText();
        }
        return null;
    }

    /** The rules as a table, or a line saying there are none. */
    String table() {
        if (rules.has("error")) return "<p class=\"error\">" + Html.text(rules, "error") + "</p>";
        if (rules.isEmpty()) return "<p class=\"empty\">No pause or drop in force.</p>";
        final StringBuilder html = new StringBuilder(
                "<table class=\"rules\"><thead><tr><th>Rule</th><th>Until</th><th>Set by</th><th>At</th></tr></thead>"
                        + "<tbody>");
        for (final JsonNode rule : rules) {
            html.append("<tr class=\"")
                    .append(rule.path("expired").asBoolean() ? "expired" : "")
                    .append("\"><td><code>")
                    .append(Html.text(rule, "key"))
                    .append(rule.path("purge").asBoolean() ? " purge" : "")
                    .append("</code></td><td>")
                    .append(rule.path("until").isNull() ? "lifted by hand" : Html.text(rule, "until"))
                    .append("</td><td>")
                    .append(Html.text(rule, "created_by"))
                    .append("</td><td>")
                    .append(Html.text(rule, "created_at"))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
