package org.jobqueue.tools.processes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jobqueue.tools.processes.Workload.Job;

/**
 * An endless mixed stream of job events of the {@link Workload#TYPES}: of every 100 jobs, 10 are sha1 duplicates of a
 * recent job, 5 are delayed 8 to 12 s, 10 fail once at the stub and 1 fails always. Each event is made when it is
 * asked for and created 5 s before, as a busy EventGate would deliver it, so a duplicate is redundant wherever it
 * meets its original.
 */
public final class MixedJobs {
    static final String FAIL_ALWAYS = "always";
    static final String FAIL_ONCE = "once";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CREATION_LAG = Duration.ofSeconds(5);

    private final Random random;
    private final int memory;
    private final List<Job> recent = new ArrayList<>();
    private long count;

    /** A stream from {@code seed} whose duplicates are of one of the last {@code memory} jobs. */
    public MixedJobs(final long seed, final int memory) {
        if (memory < 1) throw new IllegalArgumentException("memory must be 1 or more, got " + memory);
        this.random = new Random(seed);
        this.memory = memory;
    }

    public Job next() {
        final long i = count++;
        final Job job = i % 10 == 9 ? duplicateOf(recent.get(random.nextInt(recent.size()))) : original(i);
        if (recent.size() < memory) {
            recent.add(job);
        } else {
            recent.set((int) (i % memory), job);
        }
        return job;
    }

    private Job original(final long i) {
        final String type = Workload.TYPES.get((int) (i % Workload.TYPES.size()));
        final Instant delayUntil = i % 20 == 3 ? Instant.now().plusSeconds(8 + random.nextInt(4)) : null;
        final String stubFail = i % 100 == 7 ? FAIL_ALWAYS : i % 10 == 5 ? FAIL_ONCE : null;
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
