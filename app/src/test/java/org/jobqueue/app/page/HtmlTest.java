package org.jobqueue.app.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void shouldEscapeEveryCharacterThatEndsTextOrAnAttribute() {
        assertThat(Html.escape("<script>alert('x' & \"y\")</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("refreshLinks")).isEqualTo("refreshLinks");
    }

    @Test
    void shouldEscapeJsonFieldsAndTreatMissingOrNullAsEmpty() throws Exception {
        final var node = new ObjectMapper().readTree("{\"a\": \"<b>\", \"n\": null}");
        assertThat(Html.text(node, "a")).isEqualTo("&lt;b&gt;");
        assertThat(Html.text(node, "n")).isEmpty();
        assertThat(Html.text(node, "missing")).isEmpty();
    }

    @Test
    void shouldEncodeAUrlSegmentSoThatItCannotLeaveItsAttribute() {
        assertThat(Html.url("enwiki|sha1|ab c\"/<x>")).isEqualTo("enwiki%7Csha1%7Cab%20c%22%2F%3Cx%3E");
    }

    @Test
    void shouldTellAgesAsPeopleReadThem() {
        assertThat(Ages.of(42_000)).isEqualTo("42s");
        assertThat(Ages.of(192_000)).isEqualTo("3m 12s");
        assertThat(Ages.of(7_500_000)).isEqualTo("2h 5m");
        assertThat(Ages.since("2026-01-01T00:00:10Z", 1_767_225_620_000L)).isEqualTo("10s ago");
        assertThat(Ages.since("not a time", 0)).isEmpty();
    }
}
