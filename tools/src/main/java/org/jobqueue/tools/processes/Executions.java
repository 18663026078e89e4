package org.jobqueue.tools.processes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stub executed, as its log tells it: how often each event id ran, and when each page of a leaf of a recursive
 * job last ran. Filled by {@link StubLog}; safe to read while it is filled.
 */
public final class Executions {
    private final Map<String, Long> byId = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRunOfPage = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong leaves = new AtomicLong();

    /** Takes in one line of the stub's log. */
    void add(final JsonNode line) {
        if (byId.merge(line.path("id").asText(), 1L, Long::sum) > 1) repeats.incrementAndGet();
        final JsonNode pages = line.path("pages");
        if (pages.isEmpty()) return;
        leaves.incrementAndGet();
        final Instant at = Instant.parse(line.path("ts").asText());
        final String type = line.path("type").asText();
        pages.forEach(page -> lastRunOfPage.merge(pageKey(type, page.asLong()), at, Executions::later));
    }

    /** How often {@code eventId} ran. */
    public long count(final String eventId) {
        return byId.getOrDefault(eventId, 0L);
    }

    /** A copy of the executions so far, by event id. */
    public Map<String, Long> byId() {
        return Map.copyOf(byId);
    }

    /** The event ids that ran. */
    public long distinct() {
        return byId.size();
    }

    /** Executions beyond the first of each event id. */
    public long repeats() {
        return repeats.get();
    }

    /** Executions of leaves of recursive jobs (lines with pages). */
    public long leaves() {
        return leaves.get();
    }

    /** When a leaf of {@code type} with page {@code pageId} last ran, or {@code null} if none has. */
    public Instant lastRunOfPage(final String type, final long pageId) {
        return lastRunOfPage(pageKey(type, pageId));
    }

    Instant lastRunOfPage(final String pageKey) {
        return lastRunOfPage.get(pageKey);
    }

    static String pageKey(final String type, final long pageId) {
        return type + " " + pageId;
    }

    private static Instant later(final Instant a, final Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
