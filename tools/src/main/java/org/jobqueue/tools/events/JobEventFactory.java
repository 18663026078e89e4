package org.jobqueue.tools.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Writes {@code mediawiki/job/1.0.0} events the way MediaWiki's EventBus does, each for a page of its own, with ids
 * and request ids drawn from a seeded random source so one seed always gives the same stream.
 */
public final class JobEventFactory {
    /** A wiki: its database name and its host. */
    public record Wiki(String database, String domain) {}

    public static final List<Wiki> WIKIS = List.of(
            new Wiki("enwiki", "en.wikipedia.org"),
            new Wiki("dewiki", "de.wikipedia.org"),
            new Wiki("frwiki", "fr.wikipedia.org"),
            new Wiki("commonswiki", "commons.wikimedia.org"),
            new Wiki("wikidatawiki", "www.wikidata.org"));
    // Job types whose jobs MediaWiki deduplicates (removeDuplicates), so their events carry a sha1.
    public static final Set<String> DEDUPLICATED_TYPES = Set.of(JobTypes.REFRESH_LINKS, JobTypes.HTML_CACHE_UPDATE);
    private static final List<String> PAGES = List.of(
            "Ada_Lovelace",
            "Photosynthesis",
            "Berlin",
            "Jazz",
            "Mount_Everest",
            "Alan_Turing",
            "Danube",
            "Mars",
            "Printing_press",
            "Coral_reef",
            "Marie_Curie",
            "Tea",
            "Volcano",
            "Chess",
            "Aurora",
            "Bicycle");
    private static final List<String> EDITORS =
            List.of("Lydia", "Koavf", "Materialscientist", "127.0.0.1", "Ymblanter");
    private static final List<String> CAUSES = List.of("edit-page", "page-create", "page-move", "page-delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final Instant start;
    private int pageCount;

    public JobEventFactory(final Random random, final Instant start) {
        this.random = random;
        this.start = start;
    }

    /** A new job of {@code type} on {@code wiki} for a page of its own, created {@code createdAfter} the start. */
    public ObjectNode job(final String type, final Wiki wiki, final Duration createdAfter) {
        final Page page = nextPage(wiki);
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        event.set("meta", meta(type, wiki, createdAfter, page));
        event.put("database", wiki.database());
        event.put("type", type);
        event.put("page_namespace", page.namespace());
        event.put("page_title", page.title());
        event.set("params", params(type, wiki, page));
        if (DEDUPLICATED_TYPES.contains(type)) event.put("sha1", sha1(type + "|" + wiki.database() + "|" + page));
        return event;
    }

    /**
     * A recursive job of {@code type} for every page that links to {@code namespace:title} through {@code table}, as
     * MediaWiki queues one for a template edit, part of the root job {@code signature} created at {@code rootDt}.
     */
    public ObjectNode recursive(
            final String type,
            final Wiki wiki,
            final Duration createdAfter,
            final String table,
            final int namespace,
            final String title,
            final Instant rootDt) {
        final Page template = new Page(namespace, title);
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        event.set("meta", meta(type, wiki, createdAfter, template));
        event.put("database", wiki.database());
        event.put("type", type);
        event.put("page_namespace", namespace);
        event.put("page_title", title);
        final ObjectNode params = event.putObject("params");
        params.put("table", table);
        params.put("recursive", true);
        params.put("namespace", namespace);
        params.put("title", title);
        params.put("requestId", meta(event).get("request_id").textValue());
        params.put("causeAction", "edit-page");
        params.put("causeAgent", EDITORS.get(random.nextInt(EDITORS.size())));
        partOfRoot(event, sha1(type + "|" + wiki.database() + "|" + template), rootDt);
        if (DEDUPLICATED_TYPES.contains(type))
            event.put("sha1", sha1(type + "|recursive|" + wiki.database() + "|" + template));
        return event;
    }

    /** The title of the {@code number}th page of the demo's wikis (without namespace). */
    public static String pageTitle(final int number) {
        final String base = PAGES.get(number % PAGES.size());
        return number < PAGES.size() ? base : base + "/" + (number / PAGES.size());
    }

    public Wiki anyWiki() {
        return WIKIS.get(random.nextInt(WIKIS.size()));
    }

    /** The same job as {@code original} in a new event: a new id and request id, created at the offset. */
    public ObjectNode sameJobLater(final ObjectNode original, final Duration createdAfter) {
        final ObjectNode copy = original.deepCopy();
        final ObjectNode meta = (ObjectNode) copy.get("meta");
        meta.put("id", uuid());
        meta.put("request_id", uuid());
        meta.put("dt", dt(createdAfter));
        ((ObjectNode) copy.get("params"))
                .put("requestId", meta.get("request_id").textValue());
        return copy;
    }

    public void delayUntil(final ObjectNode event, final Instant due) {
        event.put("delay_until", due.toString());
        ((ObjectNode) event.get("params")).put("jobReleaseTimestamp", due.getEpochSecond());
    }

    public void failWith(final ObjectNode event, final String hook) {
        ((ObjectNode) event.get("params")).put("stub_fail", hook);
    }

    /** Makes {@code event} a job of the root job {@code signature} created at {@code rootDt}, as MediaWiki does. */
    public void partOfRoot(final ObjectNode event, final String signature, final Instant rootDt) {
        final ObjectNode root = event.putObject("root_event");
        root.put("signature", signature);
        root.put("dt", rootDt.toString());
        final ObjectNode params = (ObjectNode) event.get("params");
        params.put("rootJobSignature", signature);
        params.put("rootJobTimestamp", MediaWikiTimestamps.of(rootDt));
    }

    public static byte[] bytes(final ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A demo event could not be written", e);
        }
    }

    public static String sha1(final String text) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private record Page(int namespace, String title) {
        @Override
        public String toString() {
            return namespace + ":" + title;
        }
    }

    private Page nextPage(final Wiki wiki) {
        final String title = pageTitle(pageCount++);
        return "commonswiki".equals(wiki.database()) ? new Page(6, title + ".jpg") : new Page(0, title);
    }

    private static ObjectNode meta(final ObjectNode event) {
        return (ObjectNode) event.get("meta");
    }

    private ObjectNode meta(final String type, final Wiki wiki, final Duration createdAfter, final Page page) {
        final ObjectNode meta = JSON.createObjectNode();
        meta.put("uri", "https://" + wiki.domain() + "/wiki/" + page.title());
        meta.put("request_id", uuid());
        meta.put("id", uuid());
        meta.put("dt", dt(createdAfter));
        meta.put("domain", wiki.domain());
        meta.put("stream", "mediawiki.job." + type);
        return meta;
    }

    private ObjectNode params(final String type, final Wiki wiki, final Page page) {
        final ObjectNode params = JSON.createObjectNode();
        params.put("namespace", page.namespace());
        params.put("title", page.title());
        params.put("requestId", uuid());
        params.put("causeAction", CAUSES.get(random.nextInt(CAUSES.size())));
        params.put("causeAgent", EDITORS.get(random.nextInt(EDITORS.size())));
        switch (type) {
            case JobTypes.HTML_CACHE_UPDATE -> htmlCacheUpdateParams(params, page);
            case JobTypes.CDN_PURGE -> cdnPurgeParams(params, wiki, page);
            case JobTypes.ENOTIF_NOTIFY -> enotifNotifyParams(params);
            default -> params.put("parseThreshold", "20250101000000");
        }
        return params;
    }

    private void htmlCacheUpdateParams(final ObjectNode params, final Page page) {
        params.put("table", "templatelinks");
        final ArrayNode namespaceAndTitle = params.putObject("pages").putArray(Integer.toString(pageId()));
        namespaceAndTitle.add(page.namespace()).add(page.title());
    }

    private static void cdnPurgeParams(final ObjectNode params, final Wiki wiki, final Page page) {
        final ArrayNode urls = params.putArray("urls");
        urls.add("https://" + wiki.domain() + "/wiki/" + page.title());
        urls.add("https://" + wiki.domain() + "/w/index.php?title=" + page.title() + "&action=history");
    }

    private void enotifNotifyParams(final ObjectNode params) {
        params.put("editor", EDITORS.get(random.nextInt(EDITORS.size())));
        params.put("editorID", 1 + random.nextInt(5_000_000));
        params.put("summary", "copyedit");
        params.put("minorEdit", random.nextBoolean());
        params.put("oldid", pageId());
        params.put("pageStatus", "changed");
    }

    private int pageId() {
        return 1_000 + random.nextInt(70_000_000);
    }

    private String dt(final Duration createdAfter) {
        return start.plus(createdAfter).toString();
    }

    /** A version 4 UUID, from the seeded source. */
    private String uuid() {
        final long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        final long low = (random.nextLong() & ~(0xCL << 60)) | (0x8L << 60);
        return new UUID(high, low).toString();
    }
}
