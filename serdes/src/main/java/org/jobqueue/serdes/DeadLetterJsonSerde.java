package org.jobqueue.serdes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.jobqueue.schemas.Attempt;
import org.jobqueue.schemas.AttemptOutcome;
import org.jobqueue.schemas.DeadLetter;

/**
 * Dead letters as JSON, for people and tools to read: the fields of {@link DeadLetter} in snake case, times in
 * ISO-8601, and the job event embedded as an object (so it can be re-produced to its job topic as it is).
 */
final class DeadLetterJsonSerde implements Serde<DeadLetter> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Serializer<DeadLetter> serializer() {
        return (topic, letter) -> letter == null ? null : write(letter);
    }

    @Override
    public Deserializer<DeadLetter> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(final DeadLetter letter) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("job_key", letter.getJobKey());
        root.put("event_id", letter.getEventId());
        root.put("database", letter.getDatabase());
        root.put("type", letter.getType());
        root.put("reason", letter.getReason());
        root.put("dead_at", Instant.ofEpochMilli(letter.getDeadAt()).toString());
        final ArrayNode attempts = root.putArray("attempts");
        letter.getAttempts().forEach(attempt -> attempts.add(attemptNode(attempt)));
        root.put("attempts_not_kept", letter.getAttemptsNotKept());
        try {
            root.set("event", JSON.readTree(letter.getEvent()));
            return JSON.writeValueAsBytes(root);
        } catch (final JsonProcessingException e) {
            root.put("event", letter.getEvent());
            try {
                return JSON.writeValueAsBytes(root);
            } catch (final JsonProcessingException impossible) {
                throw new SerializationException(impossible);
            }
        }
    }

    private static ObjectNode attemptNode(final Attempt attempt) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("attempt", attempt.getAttempt());
        node.put("command_id", attempt.getCommandId());
        node.put("released_at", Instant.ofEpochMilli(attempt.getReleasedAt()).toString());
        node.put("outcome", attempt.getOutcome().name());
        if (attempt.getHttpStatus() != null) node.put("http_status", attempt.getHttpStatus());
        if (attempt.getStartedAt() != null)
            node.put("started_at", Instant.ofEpochMilli(attempt.getStartedAt()).toString());
        if (attempt.getDurationMs() != null) node.put("duration_ms", attempt.getDurationMs());
        if (attempt.getMessage() != null) node.put("message", attempt.getMessage());
        return node;
    }

    static DeadLetter read(final byte[] bytes) {
        try {
            final JsonNode root = JSON.readTree(bytes);
            final List<Attempt> attempts = new ArrayList<>();
            root.path("attempts").forEach(node -> attempts.add(readAttempt(node)));
            final JsonNode event = root.path("event");
            return DeadLetter.newBuilder()
                    .setJobKey(root.path("job_key").asText())
                    .setEventId(root.path("event_id").asText())
                    .setDatabase(root.path("database").asText())
                    .setType(root.path("type").asText())
                    .setReason(root.path("reason").asText())
                    .setDeadAt(Instant.parse(root.path("dead_at").asText()).toEpochMilli())
                    .setAttempts(attempts)
                    .setAttemptsNotKept(root.path("attempts_not_kept").asInt(0))
                    .setEvent(event.isTextual() ? event.asText() : JSON.writeValueAsString(event))
                    .build();
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot read dead letter: " + e.getMessage(), e);
        }
    }

    private static Attempt readAttempt(final JsonNode node) {
        return Attempt.newBuilder()
                .setAttempt(node.path("attempt").asInt())
                .setCommandId(node.path("command_id").asText())
                .setReleasedAt(Instant.parse(node.path("released_at").asText()).toEpochMilli())
                .setOutcome(AttemptOutcome.valueOf(node.path("outcome").asText()))
                .setHttpStatus(node.has("http_status") ? node.get("http_status").asInt() : null)
                .setStartedAt(
                        node.has("started_at")
                                ? Instant.parse(node.get("started_at").asText()).toEpochMilli()
                                : null)
                .setDurationMs(node.has("duration_ms") ? node.get("duration_ms").asLong() : null)
                .setMessage(node.has("message") ? node.get("message").asText() : null)
                .build();
    }
}
