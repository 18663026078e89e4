package org.jobqueue.serdes.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jobqueue.schemas.LinkChange;

/**
 * Parses and validates backlink changes from {@code <dc>.jobqueue.links} against the JSON schema {@value
 * JsonSchemaCheck#LINK_CHANGE}:
 * {@code {"database", "table", "target": {"namespace", "title"}, "source": {"page_id", "namespace", "title"},
 * "op": "add" | "remove"}}. Thread-safe.
 */
public final class LinkChangeParser {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonSchemaCheck SCHEMA = JsonSchemaCheck.load(JSON, JsonSchemaCheck.LINK_CHANGE);
    private static final int MAX_BYTES = 64 * 1024;

    /** What the parser made of one record: a change, or the reason it was rejected. */
    public sealed interface Result permits Valid, Invalid {}

    public record Valid(LinkChange change) implements Result {}

    public record Invalid(String reason) implements Result {}

    /** Never throws: anything that is not a valid backlink change, {@code null} included, is {@link Invalid}. */
    public Result parse(final byte[] value) {
        try {
            return new Valid(toChange(value));
        } catch (final RejectedEventException e) {
            return new Invalid(Reasons.oneLine(e.reason()));
        } catch (final RuntimeException e) {
            return new Invalid(Reasons.oneLine("cannot parse: " + e));
        }
    }

    private static LinkChange toChange(final byte[] value) {
        if (value == null || value.length == 0) throw new RejectedEventException("empty record");
        if (value.length > MAX_BYTES) throw new RejectedEventException("too large: " + value.length + " bytes");
        final JsonNode change = JobEventParser.readObject(JobEventParser.decodeUtf8(value));
        SCHEMA.check(change);
        final JsonNode target = change.get("target");
        final JsonNode source = change.get("source");
        return new LinkChange(
                Identifiers.checkDatabase(change.get("database").textValue()),
                Identifiers.LINK_TABLE.check(change.get("table").textValue()),
                target.get("namespace").intValue(),
                Identifiers.TITLE.check(target.get("title").textValue()),
                source.get("page_id").longValue(),
                source.get("namespace").intValue(),
                Identifiers.TITLE.check(source.get("title").textValue()),
                "add".equals(change.get("op").textValue()));
    }

    /** The JSON of a change, as {@link #parse} reads it (for tools that write the links topic). */
    public static byte[] write(final LinkChange change) {
        final com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
        node.put("database", change.getDatabase());
        node.put("table", change.getTable());
        node.putObject("target").put("namespace", change.getTargetNamespace()).put("title", change.getTargetTitle());
        node.putObject("source")
                .put("page_id", change.getSourcePageId())
                .put("namespace", change.getSourceNamespace())
                .put("title", change.getSourceTitle());
        node.put("op", change.getAdd() ? "add" : "remove");
        try {
            return JSON.writeValueAsBytes(node);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
