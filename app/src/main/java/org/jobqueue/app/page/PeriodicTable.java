package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jobqueue.topology.config.PeriodicConfig;

/**
 * The periodic schedules ({@code GET /api/periodic} beside the configuration): per schedule and wiki, the period last
 * fired with its job, and the next one, overdue when it is in the past.
 */
final class PeriodicTable {
    private PeriodicTable() {}

    static String render(final Map<String, PeriodicConfig> schedules, final JsonNode answer, final long now) {
        final Map<String, JsonNode> firings = byScheduleAndWiki(answer);
        final StringBuilder html = new StringBuilder(Envelope.partial(answer))
                .append("<table class=\"periodic\" id=\"periodic-table\"><thead><tr><th>Schedule</th><th>Type</th>")
                .append(
                        "<th>Periods</th><th>Wiki</th><th>Last fired</th><th>Job</th><th>Next</th></tr></thead><tbody>");
        new TreeMap<>(schedules).forEach((name, schedule) -> {
            for (final String wiki : schedule.wikis()) {
                row(html, name, schedule, wiki, firings.get(name + "\0" + wiki), now);
            }
        });
        return html.append("</tbody></table>").toString();
    }

    private static void row(
            final StringBuilder html,
            final String name,
            final PeriodicConfig schedule,
            final String wiki,
            final JsonNode firing,
            final long now) {
        final Long fired = firing != null ? number(firing.path("fired_period")) : null;
        final Long handled = firing != null ? number(firing.path("handled_period")) : null;
        final String eventId = firing != null ? firing.path("event_id").asText("") : "";
        final long next = schedule.nextPeriod(handled, now);
        html.append("<tr><td>")
                .append(Html.escape(name))
                .append("</td><td><a href=\"/types/")
                .append(Html.url(schedule.type()))
                .append("\">")
                .append(Html.escape(schedule.type()))
                .append("</a></td><td>")
                .append(Html.escape(schedule.describePeriods()))
                .append("</td><td>")
                .append(Html.escape(wiki))
                .append("</td><td>")
                .append(fired != null ? time(fired, now) : "<span class=\"muted\">never</span>")
                .append("</td><td>")
                .append(eventId.isEmpty() ? "" : JobPage.anchor(eventId, wiki))
                .append("</td><td")
                .append(next < now ? " class=\"overdue\">" : ">")
                .append(time(next, now))
                .append("</td></tr>");
    }

    private static String time(final long millis, final long now) {
        final String iso = Instant.ofEpochMilli(millis).toString();
        return "<span title=\"" + Html.escape(iso) + "\">" + Html.escape(Ages.since(iso, now)) + "</span>";
    }

    private static Map<String, JsonNode> byScheduleAndWiki(final JsonNode answer) {
        final Map<String, JsonNode> firings = new HashMap<>();
        answer.path("firings")
                .forEach(firing -> firings.put(
                        firing.path("schedule").asText() + "\0"
                                + firing.path("wiki").asText(),
                        firing));
        return firings;
    }

    private static Long number(final JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }
}
