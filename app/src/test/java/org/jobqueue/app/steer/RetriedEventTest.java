package org.jobqueue.app.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.Job;
import org.jobqueue.serdes.json.JobEventParser;
import org.jobqueue.serdes.json.ParseResult;
import org.jobqueue.testing.JobEvents;
import org.junit.jupiter.api.Test;

class RetriedEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant DIED = Instant.parse("2026-12-01T10:07:00Z");
    private static final Instant NOW = Instant.parse("2026-12-02T15:30:12.345Z");

    private final JobEvents original = JobEvents.job("refreshLinks")
            .database("enwiki")
            .id("3f1c0b3e-original")
            .sha1("5d41402abc4b2a76b9719d911017c592")
            .dt(CREATED)
            .param("ratio", "0.50")
            .title("Ada_Lovelace");

    @Test
    void shouldGiveTheRetryANewIdDerivedFromTheOriginalIdAndTheTimeOfDeath() {
        final String id = RetriedEvent.idOf(deadLetter(original, DIED));

        assertThat(id)
                .isEqualTo(RetriedEvent.idOf(deadLetter(original, DIED)))
                .isNotEqualTo(original.eventId())
                .isNotEqualTo(RetriedEvent.idOf(deadLetter(original, DIED.plusSeconds(1))));
        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        assertThat(meta(RetriedEvent.of(deadLetter(original, DIED), NOW))
                        .get("id")
                        .asText())
                .isEqualTo(id);
    }

    @Test
    void shouldKeepTheOriginalIdInRetryOfAndCreateTheRetryNow() throws Exception {
        final JsonNode event = JSON.readTree(RetriedEvent.of(deadLetter(original, DIED), NOW));

        assertThat(event.path("meta").path("retry_of").asText()).isEqualTo("3f1c0b3e-original");
        assertThat(event.path("meta").path("dt").asText()).isEqualTo("2026-12-02T15:30:12.345Z");
        assertThat(event.path("meta").path("stream").asText()).isEqualTo("mediawiki.job.refreshLinks");
        assertThat(event.path("sha1").asText()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(event.path("params").path("ratio").asText()).isEqualTo("0.50");
    }

    @Test
    void shouldBeAJobThatIntakeAcceptsWithTheSameJobKeyCreatedNow() {
        final byte[] retried = RetriedEvent.of(deadLetter(original, DIED), NOW);

        final ParseResult parsed = new JobEventParser(1 << 20).parse(retried, "eqiad.mediawiki.job.refreshLinks");

        assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
        final Job job = ((ParseResult.Valid) parsed).job();
        assertThat(job.getEventId()).isEqualTo(RetriedEvent.idOf(deadLetter(original, DIED)));
        assertThat(job.getJobKey()).isEqualTo(original.jobKey());
        assertThat(job.getCreatedAt()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void shouldLeaveOutTheOriginalSignatureWhichNoLongerMatches() throws Exception {
        final String signed = original.json().replaceFirst("\\{", "{\"mediawiki_signature\":\"abc\",");

        final JsonNode event = JSON.readTree(RetriedEvent.of(deadLetter(signed, DIED), NOW));

        assertThat(event.has("mediawiki_signature")).isFalse();
    }

    @Test
    void shouldRefuseAnEventThatIsNotAJsonObject() {
        assertThatThrownBy(() -> RetriedEvent.of(deadLetter("[1, 2]", DIED), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("its event is not a JSON object");
    }

    private static JsonNode meta(final byte[] event) {
        try {
            return JSON.readTree(event).path("meta");
        } catch (final java.io.IOException unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    private static DeadLetter deadLetter(final JobEvents event, final Instant deadAt) {
        return DeadLetter.newBuilder(deadLetter(event.json(), deadAt))
                .setJobKey(event.jobKey())
                .setEventId(event.eventId())
                .build();
    }

    private static DeadLetter deadLetter(final String event, final Instant deadAt) {
        return DeadLetter.newBuilder()
                .setJobKey("enwiki|sha1|5d41402abc4b2a76b9719d911017c592")
                .setEventId("3f1c0b3e-original")
                .setDatabase("enwiki")
                .setType("refreshLinks")
                .setReason("fatal: HTTP 404")
                .setDeadAt(deadAt.toEpochMilli())
                .setAttempts(List.of())
                .setEvent(event)
                .build();
    }
}
