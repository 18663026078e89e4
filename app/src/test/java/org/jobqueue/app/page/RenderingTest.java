package org.jobqueue.app.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What comes from events and jobs shows as text: no tag, attribute or script of theirs reaches the page. */
class RenderingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "<script>window.pwned=1</script>";
    private static final long NOW = 1_767_225_600_000L;

    @Test
    void shouldShowADeadLettersParamsAsText() throws Exception {
        // Given
        final JsonNode letters = JSON.readTree("""
                [{"event_id": "e1\\"><img src=x onerror=alert(1)>", "database": "enwiki", "type": "cdnPurge",
                  "reason": "<b>failed</b>", "dead_at": "2026-01-01T00:00:00Z", "attempts": [{}, {}, {}],
                  "attempts_not_kept": 0,
                  "event": {"params": {"title": "<script>window.pwned=1</script>"}}}]
                """);

        // When
        final String html = DeadLettersTable.render(letters, NOW);

        // Then
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>");
        assertThat(html).contains("&lt;script&gt;window.pwned=1&lt;/script&gt;");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).contains("<td class=\"num\">3</td>");
    }

    @Test
    void shouldShowAJobsAttemptsAsText() throws Exception {
        // Given
        final JsonNode job = JSON.readTree("""
                {"attempts": [{"attempt": 1, "released_at": "2026-01-01T00:00:00Z", "outcome": "retryable",
                  "http_status": 500, "duration_ms": 12, "message": "<script>window.pwned=1</script>"}],
                 "attempts_not_kept": 2}
                """);

        // When
        final String html = AttemptsTable.render(job, NOW);

        // Then
        assertThat(html).doesNotContain("<script").contains(Html.escape(SCRIPT));
        assertThat(html).contains("12 ms").contains("2 earlier attempts not kept");
    }

    @Test
    void shouldEscapeTypesInTheQueueAndMarkThePausedOnes() throws Exception {
        // Given
        final JsonNode queue = JSON.readTree("""
                {"complete": false, "partitions": 4, "missing": [{"partition": 2, "reason": "<restoring>"}],
                 "types": [
                   {"lane": "low", "type": "refreshLinks", "database": null, "ready": 1200, "delayed": 3,
                    "in_flight": 0, "held": 0, "oldest_ready_age_ms": 65000},
                   {"lane": "high", "type": "<i>x</i>", "database": null, "ready": 1, "delayed": 0,
                    "in_flight": 2, "held": 0, "oldest_ready_age_ms": null}]}
                """);
        final Rules rules =
                new Rules(JSON.readTree("[{\"key\": \"pause type=refreshLinks\", \"action\": \"pause\", \"lane\": null,"
                        + " \"type\": \"refreshLinks\", \"database\": null, \"expired\": false}]"));

        // When
        final String html = QueueTable.render(queue, rules);

        // Then
        assertThat(html).doesNotContain("<i>").contains("&lt;i&gt;x&lt;/i&gt;").contains("/types/%3Ci%3Ex%3C%2Fi%3E");
        assertThat(html).contains("Partial: 1 of 4 partitions did not answer (2: &lt;restoring&gt;)");
        assertThat(html).contains("refreshLinks</a> <span class=\"badge pause\">paused</span>");
        assertThat(html).contains("<td class=\"num ready\">1\u202f200</td>").contains("1m 5s");
        assertThat(html).doesNotContain("<th>Database</th>");
    }

    @Test
    void shouldShowEachScheduleAndWikiWithItsLastAndNextFiring() throws Exception {
        // Given a 3-minute schedule for two wikis: one fired 4 minutes ago (so its next period is overdue), one never
        final long fired = NOW - Duration.ofMinutes(4).toMillis();
        final JsonNode answer = JSON.readTree("""
                {"complete": true, "schedules": [
                  {"schedule": "dispatchChanges", "type": "wikibaseDispatchChanges", "periods": "every 3m",
                   "wiki": "wikidatawiki", "fired_period": %d, "event_id": "<e1>", "next_period": %d},
                  {"schedule": "dispatchChanges", "type": "wikibaseDispatchChanges", "periods": "every 3m",
                   "wiki": "<b>testwikidatawiki</b>", "fired_period": null, "event_id": null, "next_period": %d}]}
                """.formatted(fired, fired + 180_000, NOW + 60_000));

        // When
        final String html = PeriodicTable.render(answer, NOW);

        // Then
        assertThat(html).contains("<td>every 3m</td><td>wikidatawiki</td>").contains("4m 0s ago");
        assertThat(html).contains("&lt;e1&gt;</a>").doesNotContain("<e1>").doesNotContain("<b>");
        assertThat(html).contains("<td class=\"overdue\"><span title=\"2025-12-31T23:59:00Z\">1m 0s ago</span>");
        assertThat(html).contains("<span class=\"muted\">never</span>").contains("in 1m 0s");
    }

    @Test
    void shouldPutAButtonsBodyInItsAttributeEscaped() {
        final String html =
                Buttons.post("pause", "Pause", "/api/pause", Buttons.body().put("type", "a\"b<c>"), "Drop 'a'?");

        assertThat(html)
                .contains("data-body=\"{&quot;type&quot;:&quot;a\\&quot;b&lt;c&gt;&quot;}\"")
                .contains("data-confirm=\"Drop &#39;a&#39;?\"");
    }

    @Test
    void shouldTitleEveryPageEscapedAndLoadOnlyItsOwnScript() {
        final String html = Layout.page(SCRIPT, "<p>body</p>");

        assertThat(html).contains("<title>&lt;script&gt;").contains("<script src=\"/page.js\" defer></script>");
        assertThat(html.split("<script").length - 1).isEqualTo(1);
    }
}
