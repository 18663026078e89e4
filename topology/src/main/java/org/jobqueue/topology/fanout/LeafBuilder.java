package org.jobqueue.topology.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.schemas.BacklinkSource;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.schemas.FanoutTarget;
import org.jobqueue.schemas.Job;
import org.jobqueue.serdes.JobKeys;

/**
 * Builds the leaf jobs of one expansion step: valid {@code mediawiki/job/1.0.0} events of the parent's type and
 * database, {@code params.pages} as {@code {"<page id>": [ns, "title"]}}, the parent's other params and root copied
 * (not its recursion), a deterministic {@code meta.id} (the parent's id and the leaf's first page), and a sha1 for a
 * single-page leaf, so that the same page's leaves from one template collapse as MediaWiki's would.
 */
final class LeafBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RECURSION_PARAMS =
            Set.of("recursive", "table", "range", "division", "pages", "rootJobIsSelf");

    private LeafBuilder() {}

    static List<Job> leaves(
            final Expansion expansion,
            final List<KeyValue<Bytes, BacklinkSource>> backlinks,
            final int pagesPerJob,
            final long now) {
        final ObjectNode parent = parse(expansion.getJob().getEvent());
        final List<Job> leaves = new ArrayList<>();
        for (int from = 0; from < backlinks.size(); from += pagesPerJob) {
            leaves.add(leaf(
                    expansion, parent, backlinks.subList(from, Math.min(from + pagesPerJob, backlinks.size())), now));
        }
        return leaves;
    }

    private static Job leaf(
            final Expansion expansion,
            final ObjectNode parent,
            final List<KeyValue<Bytes, BacklinkSource>> pages,
            final long now) {
        final Job job = expansion.getJob();
        final long firstPage = FanoutKeys.pageIdOf(pages.get(0).key);
        final String id = UUID.nameUUIDFromBytes((job.getEventId() + "#" + firstPage).getBytes(StandardCharsets.UTF_8))
                .toString();
        final String sha1 = pages.size() == 1 ? sha1(job, expansion, firstPage) : null;
        final ObjectNode event = event(parent, job, id, sha1, pages, now);
        return Job.newBuilder(job)
                .setJobKey(JobKeys.of(job.getDatabase(), sha1, id))
                .setEventId(id)
                .setSha1(sha1)
                .setCreatedAt(now)
                .setDelayUntil(null)
                .setWorkItems(pages.size())
                .setFanout(null)
                .setEvent(event.toString())
                .build();
    }

    private static ObjectNode event(
            final ObjectNode parent,
            final Job job,
            final String id,
            final String sha1,
            final List<KeyValue<Bytes, BacklinkSource>> pages,
            final long now) {
        final ObjectNode event = parent.deepCopy();
        event.remove(List.of("delay_until", "sha1", "mediawiki_signature"));
        final ObjectNode meta = (ObjectNode) event.get("meta");
        meta.put("id", id);
        meta.put("dt", Instant.ofEpochMilli(now).toString());
        final ObjectNode params = event.with("params");
        params.remove(RECURSION_PARAMS);
        params.remove("jobReleaseTimestamp");
        if ("refreshLinks".equals(job.getType())) params.put("triggeredRecursive", true);
        final ObjectNode pagesParam = params.putObject("pages");
        pages.forEach(page -> pagesParam
                .putArray(Long.toString(FanoutKeys.pageIdOf(page.key)))
                .add(page.value.getNamespace())
                .add(page.value.getTitle()));
        if (sha1 != null) event.put("sha1", sha1);
        return event;
    }

    private static String sha1(final Job job, final Expansion expansion, final long pageId) {
        final FanoutTarget target =
                new FanoutTarget(expansion.getTable(), expansion.getTargetNamespace(), expansion.getTargetTitle(), 0L);
        final String identity = String.join(
                "\n",
                "jobqueue-leaf",
                job.getType(),
                job.getDatabase(),
                target.getTable(),
                target.getTargetNamespace() + ":" + target.getTargetTitle(),
                Long.toString(pageId));
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-1").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ObjectNode parse(final String event) {
        try {
            final JsonNode node = JSON.readTree(event);
            return (ObjectNode) node;
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a recursive job's event no longer parses", e);
        }
    }
}
