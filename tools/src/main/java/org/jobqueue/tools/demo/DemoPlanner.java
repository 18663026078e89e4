package org.jobqueue.tools.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.tools.events.JobEventFactory;
import org.jobqueue.tools.events.JobEventFactory.Wiki;
import org.jobqueue.tools.events.JobTypes;

/**
 * Plans a realistic mixed stream of {@code jobs} records over {@link #WINDOW}: about 10% sha1 duplicates, 2% exact
 * replays, 5% delayed jobs, 5% jobs that fail once, 1% that always fail, a few read-only failures, a few jobs of a root
 * job that a newer one supersedes, two invalid inputs, and a template edit: the backlinks of {@code Template:Infobox}
 * to seed first, then one recursive {@code refreshLinks} and one recursive {@code htmlCacheUpdate} job that fan out
 * over them. One seed always gives the same plan.
 */
final class DemoPlanner {
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final int MINIMUM_JOBS = 50;
    static final int INVALID_INPUTS = 2;
    static final int DEFAULT_BACKLINKS = 1_500;
    static final List<String> RECURSIVE_TYPES = List.of(JobTypes.REFRESH_LINKS, JobTypes.HTML_CACHE_UPDATE);
    // The template is edited this long after the start, well after its backlinks were seeded.
    static final Duration TEMPLATE_EDIT_AFTER = Duration.ofSeconds(2);
    private static final long FIRST_BACKLINK_PAGE_ID = 100_001;
    // The older root's jobs wait this long, so the newer root is registered before they are due.
    private static final Duration SUPERSEDED_DELAY = Duration.ofSeconds(6);
    private static final Duration NEWER_ROOT_AFTER = Duration.ofSeconds(2);
    private static final String[] TYPE_WEIGHTS = weights();

    private final Random random;
    private final Instant start;
    private final JobEventFactory factory;
    private final List<Original> originals = new ArrayList<>();
    private final List<PlannedEvent> events = new ArrayList<>();

    private record Original(JobKind kind, String type, Duration sendAfter, ObjectNode event) {}

    private DemoPlanner(final long seed, final Instant start) {
        this.random = new Random(seed);
        this.start = start;
        this.factory = new JobEventFactory(random, start);
    }

    /** The plan of {@code jobs} records and {@link #DEFAULT_BACKLINKS} backlinks, with times from {@code start}. */
    static DemoPlan plan(final int jobs, final Instant start, final long seed) {
        return plan(jobs, DEFAULT_BACKLINKS, start, seed);
    }

    /** The plan of {@code jobs} records (at least {@link #MINIMUM_JOBS}) and {@code backlinks} backlinks. */
    static DemoPlan plan(final int jobs, final int backlinks, final Instant start, final long seed) {
        if (jobs < MINIMUM_JOBS)
            throw new IllegalArgumentException("the demo needs at least " + MINIMUM_JOBS + " jobs");
        if (backlinks < 0) throw new IllegalArgumentException("backlinks must be 0 or more");
        return new DemoPlanner(seed, start).planAll(jobs, backlinks);
    }

    private DemoPlan planAll(final int jobs, final int backlinks) {
        final int duplicates = jobs / 10;
        final int replays = jobs / 50;
        final int rootJobs = Math.max(2, jobs / 200);
        final int fresh = jobs - duplicates - replays - 2 * rootJobs - INVALID_INPUTS - RECURSIVE_TYPES.size();
        planOriginals(originalKinds(jobs, fresh));
        planDuplicates(duplicates);
        planReplays(replays);
        planRootJobs(rootJobs);
        planTemplateEdit();
        planInvalidInputs();
        return new DemoPlan(backlinks(backlinks), events);
    }

    /** The pages that use the template: page ids from {@link #FIRST_BACKLINK_PAGE_ID} on, in the main namespace. */
    private static List<LinkChange> backlinks(final int count) {
        final List<LinkChange> backlinks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            backlinks.add(new LinkChange(
                    DemoConfig.TEMPLATE_DATABASE,
                    DemoConfig.TEMPLATE_TABLE,
                    DemoConfig.TEMPLATE_NAMESPACE,
                    DemoConfig.TEMPLATE_TITLE,
                    FIRST_BACKLINK_PAGE_ID + i,
                    0,
                    JobEventFactory.pageTitle(i),
                    true));
        }
        return backlinks;
    }

    /** An edit of the template: one recursive job of each type that MediaWiki queues for it. */
    private void planTemplateEdit() {
        final Wiki wiki = JobEventFactory.WIKIS.stream()
                .filter(candidate -> candidate.database().equals(DemoConfig.TEMPLATE_DATABASE))
                .findFirst()
                .orElseThrow();
        for (final String type : RECURSIVE_TYPES) {
            final ObjectNode event = factory.recursive(
                    type,
                    wiki,
                    TEMPLATE_EDIT_AFTER,
                    DemoConfig.TEMPLATE_TABLE,
                    DemoConfig.TEMPLATE_NAMESPACE,
                    DemoConfig.TEMPLATE_TITLE,
                    start.plus(TEMPLATE_EDIT_AFTER));
            add(JobKind.RECURSIVE, type, TEMPLATE_EDIT_AFTER, event);
        }
    }

    private List<JobKind> originalKinds(final int jobs, final int fresh) {
        final List<JobKind> kinds = new ArrayList<>();
        kinds.addAll(Collections.nCopies(jobs / 20, JobKind.DELAYED));
        kinds.addAll(Collections.nCopies(jobs / 20, JobKind.FAILS_ONCE));
        kinds.addAll(Collections.nCopies(Math.max(1, jobs / 100), JobKind.FAILS_ALWAYS));
        kinds.addAll(Collections.nCopies(Math.max(1, jobs / 400), JobKind.READ_ONLY));
        kinds.addAll(Collections.nCopies(fresh - kinds.size(), JobKind.PLAIN));
        Collections.shuffle(kinds, random);
        return kinds;
    }

    private void planOriginals(final List<JobKind> kinds) {
        for (int i = 0; i < kinds.size(); i++) {
            final Duration sendAfter = WINDOW.multipliedBy(i).dividedBy(kinds.size());
            final String type = TYPE_WEIGHTS[random.nextInt(TYPE_WEIGHTS.length)];
            final ObjectNode event = factory.job(type, factory.anyWiki(), sendAfter);
            shape(kinds.get(i), event, sendAfter);
            originals.add(new Original(kinds.get(i), type, sendAfter, event));
            add(kinds.get(i), type, sendAfter, event);
        }
    }

    private void shape(final JobKind kind, final ObjectNode event, final Duration sendAfter) {
        switch (kind) {
            case DELAYED -> factory.delayUntil(event, start.plus(sendAfter).plusMillis(2_000 + random.nextInt(6_000)));
            case FAILS_ONCE -> factory.failWith(event, "once");
            case FAILS_ALWAYS -> factory.failWith(event, "always");
            case READ_ONLY -> factory.failWith(event, "readonly");
            default -> {}
        }
    }

    private void planDuplicates(final int count) {
        final List<Original> candidates = originals.stream()
                .filter(original -> original.kind() == JobKind.PLAIN || original.kind() == JobKind.DELAYED)
                .filter(original -> original.event().has("sha1"))
                .toList();
        for (int i = 0; i < count; i++) {
            final Original original = candidates.get(random.nextInt(candidates.size()));
            final Duration sendAfter = original.sendAfter().plusMillis(random.nextInt(1_500));
            add(JobKind.SHA1_DUPLICATE, original.type(), sendAfter, factory.sameJobLater(original.event(), sendAfter));
        }
    }

    private void planReplays(final int count) {
        final List<Original> candidates = originals.stream()
                .filter(original -> original.kind() == JobKind.PLAIN)
                .toList();
        for (int i = 0; i < count; i++) {
            final Original original = candidates.get(random.nextInt(candidates.size()));
            final Duration sendAfter = original.sendAfter().plusMillis(1_000 + random.nextInt(3_000));
            add(JobKind.REPLAY, original.type(), sendAfter, original.event());
        }
    }

    /** Jobs of an older and a newer root job with one signature on one wiki; the older ones wait until superseded. */
    private void planRootJobs(final int count) {
        final Wiki wiki = JobEventFactory.WIKIS.get(0);
        final String signature = JobEventFactory.sha1("refreshLinks|" + wiki.database() + "|Template:Infobox_person");
        final Instant olderRoot = start.minus(Duration.ofMinutes(10));
        final Instant newerRoot = start.plus(NEWER_ROOT_AFTER);
        for (int i = 0; i < count; i++) {
            final Duration olderSendAfter = Duration.ofMillis(200L * i);
            final ObjectNode older = factory.job(JobTypes.REFRESH_LINKS, wiki, olderSendAfter);
            factory.partOfRoot(older, signature, olderRoot);
            factory.delayUntil(older, start.plus(olderSendAfter).plus(SUPERSEDED_DELAY));
            add(JobKind.SUPERSEDED, JobTypes.REFRESH_LINKS, olderSendAfter, older);
            final Duration newerSendAfter = NEWER_ROOT_AFTER.plusMillis(50L * i);
            final ObjectNode newer = factory.job(JobTypes.REFRESH_LINKS, wiki, newerSendAfter);
            factory.partOfRoot(newer, signature, newerRoot);
            add(JobKind.SUPERSEDING, JobTypes.REFRESH_LINKS, newerSendAfter, newer);
        }
    }

    private void planInvalidInputs() {
        final ObjectNode withoutDatabase =
                factory.job(JobTypes.REFRESH_LINKS, factory.anyWiki(), Duration.ofSeconds(1));
        withoutDatabase.remove("database");
        add(JobKind.INVALID, JobTypes.REFRESH_LINKS, Duration.ofSeconds(1), withoutDatabase);
        final byte[] truncated = "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{".getBytes(StandardCharsets.UTF_8);
        events.add(new PlannedEvent(
                JobKind.INVALID, DemoConfig.jobTopic(JobTypes.CDN_PURGE), Duration.ofSeconds(5), truncated));
    }

    private void add(final JobKind kind, final String type, final Duration sendAfter, final ObjectNode event) {
        events.add(new PlannedEvent(kind, DemoConfig.jobTopic(type), sendAfter, JobEventFactory.bytes(event)));
    }

    // refreshLinks 40%, cdnPurge 25%, htmlCacheUpdate 20%, enotifNotify 15%.
    private static String[] weights() {
        final List<String> weighted = new ArrayList<>();
        weighted.addAll(Collections.nCopies(8, JobTypes.REFRESH_LINKS));
        weighted.addAll(Collections.nCopies(5, JobTypes.CDN_PURGE));
        weighted.addAll(Collections.nCopies(4, JobTypes.HTML_CACHE_UPDATE));
        weighted.addAll(Collections.nCopies(3, JobTypes.ENOTIF_NOTIFY));
        return weighted.toArray(String[]::new);
    }
}
