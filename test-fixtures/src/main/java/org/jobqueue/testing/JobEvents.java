package org.jobqueue.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jobqueue.serdes.JobKeys;

/**
 * Builds {@code mediawiki/job/1.0.0} events for tests, as EventBus writes them: a refreshLinks-like job on enwiki, with
 * a random event id, created at {@link #DEFAULT_DT} unless told otherwise.
 */
public final class JobEvents {
    /** When events are created unless told otherwise: the start of the topology tests' driver clock. */
    public static final Instant DEFAULT_DT = Instant.parse("2026-01-05T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode event = JSON.createObjectNode();
    private final ObjectNode meta;
    private final ObjectNode params;

    private JobEvents(final String type) {
        event.put("$schema", "/mediawiki/job/1.0.0");
        event.put("type", type);
        event.put("database", "enwiki");
        meta = event.putObject("meta");
        meta.put("id", UUID.randomUUID().toString());
        meta.put("dt", DEFAULT_DT.toString());
        meta.put("stream", "mediawiki.job." + type);
        meta.put("domain", "en.wikipedia.org");
        params = event.putObject("params");
        params.put("namespace", 0);
        params.put("title", "Main_Page");
        params.put("requestId", "req-" + type);
    }

    public static JobEvents job(final String type) {
        return new JobEvents(type);
    }

    public JobEvents database(final String database) {
        event.put("database", database);
        return this;
    }

    public JobEvents id(final String id) {
        meta.put("id", id);
        return this;
    }

    public JobEvents sha1(final String sha1) {
        event.put("sha1", sha1);
        return this;
    }

    public JobEvents dt(final Instant dt) {
        meta.put("dt", dt.toString());
        return this;
    }

    public JobEvents delayUntil(final Instant due) {
        event.put("delay_until", due.toString());
        return this;
    }

    public JobEvents root(final String signature, final Instant dt) {
        final ObjectNode root = event.putObject("root_event");
        root.put("signature", signature);
        root.put("dt", dt.toString());
        params.put("rootJobSignature", signature);
        return this;
    }

    public JobEvents title(final String title) {
        params.put("title", title);
        return this;
    }

    /** Makes this a recursive backlink job of {@code table} on the template {@code title} (namespace 10). */
    public JobEvents recursive(final String table, final String title) {
        params.put("recursive", true);
        params.put("table", table);
        params.put("namespace", 10);
        params.put("title", title);
        return this;
    }

    public JobEvents param(final String name, final long value) {
        params.put(name, value);
        return this;
    }

    public JobEvents param(final String name, final String value) {
        params.put(name, value);
        return this;
    }

    /** Sets {@code meta.domain}, the wiki's host name. */
    public JobEvents domain(final String domain) {
        meta.put("domain", domain);
        return this;
    }

    public JobEvents rangeStart(final long start) {
        params.putObject("range").put("start", start).put("end", false).put("batchSize", 300);
        return this;
    }

    public JobEvents pages(final int count) {
        final ObjectNode pages = params.putObject("pages");
        for (int page = 1; page <= count; page++) {
            pages.putArray(Integer.toString(page)).add(0).add("Page_" + page);
        }
        return this;
    }

    /** Adds page {@code id} (namespace 0, {@code title}) to {@code params.pages}, as a leaf's pages are listed. */
    public JobEvents page(final long id, final String title) {
        final ObjectNode pages = params.has("pages") ? (ObjectNode) params.get("pages") : params.putObject("pages");
        pages.putArray(Long.toString(id)).add(0).add(title);
        return this;
    }

    public String type() {
        return event.get("type").asText();
    }

    /** The job key the queue files this job under. */
    public String jobKey() {
        final String sha1 = event.hasNonNull("sha1") ? event.get("sha1").asText() : null;
        return JobKeys.of(event.get("database").asText(), sha1, eventId());
    }

    public String eventId() {
        return meta.get("id").asText();
    }

    public String json() {
        return event.toString();
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** The root params MediaWiki gives a recursive job: rootJobIsSelf, rootJobTimestamp and the cause. */
    public JobEvents rootParams(final String rootJobTimestamp, final String causeAction, final String causeAgent) {
        params.put("rootJobIsSelf", true);
        params.put("rootJobTimestamp", rootJobTimestamp);
        params.put("causeAction", causeAction);
        params.put("causeAgent", causeAgent);
        return this;
    }
}
