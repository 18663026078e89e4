package org.jobqueue.app.steer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jobqueue.schemas.DeadLetter;

/**
 * The job event that re-enqueues a dead-lettered job: the dead letter's event with a new {@code meta.id}, the original
 * id in {@code meta.retry_of}, and {@code meta.dt} set to now.
 *
 * <p>The new id is a name-based UUID of the original id and the time the job died, so that the same retry run twice
 * produces the same event, which the queue's event-id dedup absorbs. {@code meta.dt} is now because a retry is a new
 * request: with the original creation time, the queue's sha1 dedup would drop it as executed after its creation.
 */
final class RetriedEvent {
    static final String RETRY_OF = "retry_of";
    // Events are re-written, not just copied: keep their numbers exactly as they were.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    // Whoever signed the original event signed other bytes; the executors sign what they send themselves.
    private static final String SIGNATURE_FIELD = "mediawiki_signature";

    private RetriedEvent() {}

    /** The retry's event id for {@code letter}. */
    static String idOf(final DeadLetter letter) {
        final String name = "jobqueue retry of " + letter.getEventId() + " dead at " + letter.getDeadAt();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The retry's event, as JSON bytes; an {@link IllegalArgumentException} when the letter's event is no object. */
    static byte[] of(final DeadLetter letter, final Instant now) {
        final ObjectNode event = eventOf(letter);
        final ObjectNode meta = event.get("meta") instanceof ObjectNode existing ? existing : event.putObject("meta");
        meta.put("id", idOf(letter));
        meta.put("dt", now.truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put(RETRY_OF, letter.getEventId());
        event.remove(SIGNATURE_FIELD);
        try {
            return JSON.writeValueAsBytes(event);
        } catch (final JsonProcessingException impossible) {
            throw new IllegalArgumentException("cannot write the event: " + impossible.getOriginalMessage());
        }
    }

    private static ObjectNode eventOf(final DeadLetter letter) {
        final JsonNode event;
        try {
            event = JSON.readTree(letter.getEvent());
        } catch (final JsonProcessingException notJson) {
            throw new IllegalArgumentException("its event is not JSON: " + notJson.getOriginalMessage());
        }
        if (!(event instanceof ObjectNode object)) throw new IllegalArgumentException("its event is not a JSON object");
        return object;
    }
}
