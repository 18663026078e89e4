package org.jobqueue.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jobqueue.tools.events.JobEventFactory;
import org.jobqueue.tools.events.JobTypes;

/**
 * Realistic {@code mediawiki/job/1.0.0} events, from the demo's {@link JobEventFactory}: four types, each event padded
 * to a size drawn evenly from 600 to 2,000 bytes, a share of duplicates (a copy of a recent event: a new event with
 * the same sha1 when the type has one, else an exact replay) and a share of delayed jobs. One seed, one stream.
 */
final class JobStream {
    static final int MIN_BYTES = 600;
    static final int MAX_BYTES = 2_000;
    private static final String[] TYPE_WEIGHTS = {
        JobTypes.CDN_PURGE,
        JobTypes.CDN_PURGE,
        JobTypes.CDN_PURGE,
        JobTypes.REFRESH_LINKS,
        JobTypes.REFRESH_LINKS,
        JobTypes.REFRESH_LINKS,
        JobTypes.HTML_CACHE_UPDATE,
        JobTypes.HTML_CACHE_UPDATE,
        JobTypes.ENOTIF_NOTIFY,
        JobTypes.ENOTIF_NOTIFY
    };
    private static final int RECENT = 1_000;
    private static final String PADDING_FIELD = "context";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event to send: its type, {@code meta.id}, bytes and, for a delayed job, its due time. */
    record Event(String type, String id, byte[] bytes, long dueMillis) {
        boolean delayed() {
            return dueMillis > 0;
        }
    }

    private final Random random;
    private final Instant start;
    private final JobEventFactory factory;
    private final double duplicateShare;
    private final double delayedShare;
    private final List<Event> recent = new ArrayList<>();
    private long count;

    JobStream(final long seed, final Instant start, final double duplicateShare, final double delayedShare) {
        this.random = new Random(seed);
        this.start = start;
        this.factory = new JobEventFactory(random, start);
        this.duplicateShare = duplicateShare;
        this.delayedShare = delayedShare;
    }

    /** The next event; a delayed one is due {@code delay} after {@code now}. */
    Event next(final Instant now, final Duration delay) {
        count++;
        if (!recent.isEmpty() && random.nextDouble() < duplicateShare) return duplicate(now);
        final String type = TYPE_WEIGHTS[random.nextInt(TYPE_WEIGHTS.length)];
        final ObjectNode event = factory.job(type, factory.anyWiki(), Duration.ofMillis(count));
        final long due = random.nextDouble() < delayedShare ? now.plus(delay).toEpochMilli() : 0;
        return remember(finish(type, event, due));
    }

    /** A job of {@code type}, due at once and no one's duplicate. */
    Event of(final String type) {
        count++;
        return finish(type, factory.job(type, factory.anyWiki(), Duration.ofMillis(count)), 0);
    }

    /** A job of {@code type} due at {@code due}. */
    Event delayed(final String type, final Instant due) {
        count++;
        return finish(type, factory.job(type, factory.anyWiki(), Duration.ofMillis(count)), due.toEpochMilli());
    }

    private Event duplicate(final Instant now) {
        final Event original = recent.get(random.nextInt(recent.size()));
        if (original.delayed()) return original;
        final ObjectNode copy = (ObjectNode) parse(original.bytes());
        if (!copy.has("sha1")) return original;
        final ObjectNode twin = factory.sameJobLater(copy, Duration.between(start, now));
        return finish(original.type(), twin, 0);
    }

    private Event finish(final String type, final ObjectNode event, final long due) {
        if (due > 0) factory.delayUntil(event, Instant.ofEpochMilli(due));
        pad(event);
        return new Event(type, event.path("meta").path("id").asText(), JobEventFactory.bytes(event), due);
    }

    private void pad(final ObjectNode event) {
        final int size = MIN_BYTES + random.nextInt(MAX_BYTES - MIN_BYTES + 1);
        final int missing = size - JobEventFactory.bytes(event).length - PADDING_FIELD.length() - 6;
        if (missing <= 0) return;
        final StringBuilder text = new StringBuilder(missing);
        while (text.length() < missing) text.append((char) ('a' + random.nextInt(26)));
        ((ObjectNode) event.get("params")).put(PADDING_FIELD, text.toString());
    }

    private Event remember(final Event event) {
        if (recent.size() < RECENT) {
            recent.add(event);
        } else {
            recent.set(random.nextInt(RECENT), event);
        }
        return event;
    }

    private static JsonNode parse(final byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (final IOException e) {
            throw new IllegalStateException("A bench event does not parse", e);
        }
    }
}
