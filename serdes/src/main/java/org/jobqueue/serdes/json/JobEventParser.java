package org.jobqueue.serdes.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.jobqueue.schemas.FanoutTarget;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootEvent;
import org.jobqueue.serdes.JobKeys;

/**
 * Turns the bytes of a record from a job topic into a {@link Job}, or into the reason it is not a valid
 * {@code mediawiki/job/1.0.0} event. The input must be at most {@code maxEventBytes} long, strict UTF-8, one JSON
 * object and valid against the JSON schema {@value JsonSchemaCheck#JOB_EVENT}; the job keeps the input verbatim as its
 * event.
 *
 * <p>Thread-safe: create one and share it.
 */
public final class JobEventParser {
    // Field names are not canonicalised: page ids are field names in htmlCacheUpdate's pages, and millions of distinct
    // ones would crowd the shared symbol table into long collision chains.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonSchemaCheck SCHEMA = JsonSchemaCheck.load(JSON, JsonSchemaCheck.JOB_EVENT);
    private static final String NOT_JSON = "not JSON: ";

    private final int maxEventBytes;

    /** @param maxEventBytes the largest record value accepted, in bytes; larger ones are rejected unread */
    public JobEventParser(final int maxEventBytes) {
        if (maxEventBytes <= 0) throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Parses one record value; {@code sourceTopic} is the topic it was read from. Never throws: anything that is not
     * a valid job event, {@code null} included, is {@link ParseResult.Invalid}.
     */
    public ParseResult parse(final byte[] value, final String sourceTopic) {
        try {
            return new ParseResult.Valid(toJob(value, sourceTopic));
        } catch (final RejectedEventException e) {
            return new ParseResult.Invalid(Reasons.oneLine(e.reason()));
        } catch (final RuntimeException e) {
            return new ParseResult.Invalid(Reasons.oneLine("cannot parse: " + e));
        }
    }

    private Job toJob(final byte[] value, final String sourceTopic) {
        if (value == null || value.length == 0) throw new RejectedEventException("empty record");
        if (value.length > maxEventBytes) {
            throw new RejectedEventException(
                    "too large: " + value.length + " bytes, the limit is " + maxEventBytes + " bytes");
        }
        if (sourceTopic == null) throw new RejectedEventException("no source topic");
        final String text = decodeUtf8(value);
        final JsonNode event = readObject(text);
        SCHEMA.check(event);
        return buildJob(event, value, text, sourceTopic);
    }

    static String decodeUtf8(final byte[] value) {
        final CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(value);
        final CharBuffer out = CharBuffer.allocate(value.length);
        final CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) throw new RejectedEventException(NOT_JSON + "invalid UTF-8 at byte " + in.position());
        decoder.flush(out);
        return out.flip().toString();
    }

    static JsonNode readObject(final String text) {
        final JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (final JsonProcessingException e) {
            throw new RejectedEventException(NOT_JSON + e.getOriginalMessage() + at(e.getLocation()));
        }
        if (node == null || !node.isObject()) {
            throw new RejectedEventException(NOT_JSON + "expected an object, found " + kindOf(node));
        }
        return node;
    }

    private static String at(final JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String kindOf(final JsonNode node) {
        return node == null || node.isMissingNode()
                ? "nothing"
                : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static Job buildJob(final JsonNode event, final byte[] value, final String text, final String sourceTopic) {
        final String database = Identifiers.checkDatabase(event.get("database").textValue());
        final String type = Identifiers.TYPE.check(event.get("type").textValue());
        if (type.isEmpty()) throw new RejectedEventException("type is empty");
        final JsonNode meta = event.get("meta");
        final String eventId = Identifiers.EVENT_ID.check(eventId(meta, value));
        final String sha1 = Identifiers.SHA1.check(nonEmptyText(event, "sha1"));
        return Job.newBuilder()
                .setJobKey(JobKeys.of(database, sha1, eventId))
                .setEventId(eventId)
                .setDatabase(database)
                .setType(type)
                .setSha1(sha1)
                .setCreatedAt(DateTimes.toEpochMillis(meta.get("dt").textValue(), "$.meta.dt"))
                .setDelayUntil(delayUntil(event))
                .setRootEvent(rootEvent(event))
                .setWorkItems(workItems(event.path("params")))
                .setFanout(fanoutTarget(event))
                .setSourceTopic(sourceTopic)
                .setEvent(text)
                .build();
    }

    private static String eventId(final JsonNode meta, final byte[] value) {
        final String id = nonEmptyText(meta, "id");
        return id != null ? id : UUID.nameUUIDFromBytes(value).toString();
    }

    private static Long delayUntil(final JsonNode event) {
        final JsonNode delayUntil = event.get("delay_until");
        return delayUntil == null ? null : DateTimes.toEpochMillis(delayUntil.textValue(), "$.delay_until");
    }

    private static RootEvent rootEvent(final JsonNode event) {
        final JsonNode root = event.get("root_event");
        if (root == null) return null;
        return RootEvent.newBuilder()
                .setSignature(
                        Identifiers.ROOT_SIGNATURE.check(root.get("signature").textValue()))
                .setDt(DateTimes.toEpochMillis(root.get("dt").textValue(), "$.root_event.dt"))
                .build();
    }

    private static int workItems(final JsonNode params) {
        if (params.path("recursive").booleanValue()) return 0;
        final JsonNode pages = params.path("pages");
        return pages.isObject() ? pages.size() : 1;
    }

    /** The target of a recursive backlink job: {@code params.recursive} and {@code params.table}, and no pages. */
    private static FanoutTarget fanoutTarget(final JsonNode event) {
        final JsonNode params = event.path("params");
        if (!params.path("recursive").booleanValue() || params.has("pages")) return null;
        final String table = Identifiers.LINK_TABLE.check(nonEmptyText(params, "table"));
        final JsonNode namespace = params.has("namespace") ? params.get("namespace") : event.get("page_namespace");
        final String title = Identifiers.TITLE.check(
                params.has("title") ? nonEmptyText(params, "title") : nonEmptyText(event, "page_title"));
        if (table == null || namespace == null || !namespace.canConvertToInt() || title == null) return null;
        return new FanoutTarget(table, namespace.intValue(), title, rangeStart(params.path("range")));
    }

    private static long rangeStart(final JsonNode range) {
        final JsonNode start = range.path("start");
        return start.canConvertToLong() && start.longValue() > 0 ? start.longValue() : 0L;
    }

    private static String nonEmptyText(final JsonNode parent, final String field) {
        final JsonNode node = parent.get(field);
        return node == null || node.textValue() == null || node.textValue().isEmpty() ? null : node.textValue();
    }
}
