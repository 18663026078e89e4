package org.jobqueue.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A mixed stream of job events for end-to-end runs: of every {@code n} jobs, 10% are sha1 duplicates of an earlier
 * job, 5% are delayed a few seconds, 10% fail once at the stub and 1% fail always. Events are created 5 s before they
 * are produced, as a busy EventGate would deliver them, so a duplicate is redundant wherever it meets its original.
 */
public final class Workload {
    public static final List<String> TYPES = List.of("cdnPurge", "enotifNotify", "refreshLinks", "htmlCacheUpdate");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CREATION_LAG = Duration.ofSeconds(5);

    /** One job: its event and what the test expects of it. */
    public record Job(
            String type,
            String eventId,
            String sha1,
            boolean duplicate,
            Instant delayUntil,
            String stubFail,
            byte[] json) {}

    private final List<Job> jobs = new ArrayList<>();

    public Workload(final int n, final long seed) {
        final Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            jobs.add(i % 10 == 9 ? duplicateOf(jobs.get(random.nextInt(jobs.size()))) : original(i, random));
        }
    }

    public List<Job> jobs() {
        return jobs;
    }

    private static Job original(final int i, final Random random) {
        final String type = TYPES.get(i % TYPES.size());
        final Instant delayUntil = i % 20 == 3 ? Instant.now().plusSeconds(8 + random.nextInt(4)) : null;
        final String stubFail = i % 100 == 7 ? "always" : i % 10 == 5 ? "once" : null;
        final String sha1 = i % 4 == 1 ? null : UUID.randomUUID().toString().replace("-", "");
        return build(type, UUID.randomUUID().toString(), sha1, false, delayUntil, stubFail, "Page_" + i);
    }

    private static Job duplicateOf(final Job original) {
        if (original.sha1() == null
                || original.duplicate()
                || original.delayUntil() != null
                || original.stubFail() != null) {
            return build(
                    original.type(),
                    UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(),
                    false,
                    null,
                    null,
                    "Extra_" + UUID.randomUUID());
        }
        return build(original.type(), UUID.randomUUID().toString(), original.sha1(), true, null, null, "Dup");
    }

    private static Job build(
            final String type,
            final String eventId,
            final String sha1,
            final boolean duplicate,
            final Instant delayUntil,
            final String stubFail,
            final String title) {
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        final ObjectNode meta = event.putObject("meta");
        meta.put("id", eventId);
        meta.put("dt", Instant.now().minus(CREATION_LAG).toString());
        meta.put("stream", "mediawiki.job." + type);
        meta.put("domain", "en.wikipedia.org");
        meta.put("request_id", UUID.randomUUID().toString());
        event.put("database", "enwiki");
        event.put("type", type);
        if (sha1 != null) event.put("sha1", sha1);
        if (delayUntil != null) event.put("delay_until", delayUntil.toString());
        final ObjectNode params = event.putObject("params");
        params.put("namespace", 0);
        params.put("title", title);
        params.put("causeAction", "page-edit");
        if (stubFail != null) params.put("stub_fail", stubFail);
        try {
            return new Job(type, eventId, sha1, duplicate, delayUntil, stubFail, JSON.writeValueAsBytes(event));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
