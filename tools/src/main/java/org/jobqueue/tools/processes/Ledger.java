package org.jobqueue.tools.processes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jobqueue.tools.processes.Workload.Job;

/**
 * What a run planned, to hold the stub's log against: the jobs that must run at least once (an original and its sha1
 * duplicates count as one), the ones that fail always and must end dead-lettered, and every page that a recursive job's
 * backlinks reach, with the time its latest recursive job was produced: a leaf with that page must run after it.
 * Thread-safe.
 */
public final class Ledger {
    private final Map<String, String> identityById = new HashMap<>();
    private final Set<String> identities = new HashSet<>();
    private final Set<String> hopeless = new HashSet<>();
    private final Map<String, Refresh> refreshes = new HashMap<>();
    private long jobs;
    private long recursive;

    /** A ledger of {@code jobs}, all produced. */
    public static Ledger of(final Collection<Job> jobs) {
        final Ledger ledger = new Ledger();
        jobs.forEach(ledger::planned);
        return ledger;
    }

    /** {@code job} was produced. */
    public synchronized void planned(final Job job) {
        jobs++;
        if (job.hopeless()) {
            hopeless.add(job.eventId());
        } else {
            identityById.put(job.eventId(), job.identity());
            identities.add(job.identity());
        }
    }

    /** The latest recursive job over a page: when it was produced, and its event id. */
    private record Refresh(Instant producedAt, String eventId) {
        Refresh later(final Refresh other) {
            return other.producedAt.isAfter(producedAt) ? other : this;
        }
    }

    /**
     * A recursive job of {@code type}, {@code eventId}, over backlinks from {@code pageIds} was produced at
     * {@code producedAt}.
     */
    public synchronized void plannedRefresh(
            final String type, final String eventId, final Collection<Long> pageIds, final Instant producedAt) {
        jobs++;
        recursive++;
        final Refresh refresh = new Refresh(producedAt, eventId);
        pageIds.forEach(page -> refreshes.merge(Executions.pageKey(type, page), refresh, Refresh::later));
    }

    /** Every job produced, recursive ones included. */
    public synchronized long jobs() {
        return jobs;
    }

    public synchronized long recursive() {
        return recursive;
    }

    /** The event ids of the jobs that fail always. */
    public synchronized Set<String> hopeless() {
        return Set.copyOf(hopeless);
    }

    /** The pages (of a type) that recursive jobs must refresh. */
    public synchronized long pages() {
        return refreshes.size();
    }

    /** The jobs that must run and have not, by {@code executions}. */
    public synchronized long lost(final Executions executions) {
        final Set<String> ran = new HashSet<>();
        identityById.forEach((eventId, identity) -> {
            if (executions.count(eventId) > 0) ran.add(identity);
        });
        return identities.size() - ran.size();
    }

    /** The pages whose latest recursive job has not been followed by a run of a leaf with the page. */
    public synchronized long pagesLost(final Executions executions) {
        return refreshes.entrySet().stream()
                .filter(refresh -> notRefreshed(executions, refresh.getKey(), refresh.getValue()))
                .count();
    }

    /** One line per lost job (its identity and event ids) and per lost page, to look them up in the logs. */
    public synchronized List<String> describeLost(final Executions executions) {
        final Map<String, List<String>> idsByIdentity = new TreeMap<>();
        identityById.forEach((eventId, identity) -> idsByIdentity
                .computeIfAbsent(identity, ignored -> new ArrayList<>())
                .add(eventId));
        final List<String> lines = new ArrayList<>();
        idsByIdentity.forEach((identity, eventIds) -> {
            if (eventIds.stream().allMatch(eventId -> executions.count(eventId) == 0))
                lines.add("job " + identity + ": event ids " + String.join(", ", eventIds));
        });
        new TreeMap<>(refreshes).forEach((page, refresh) -> {
            if (notRefreshed(executions, page, refresh))
                lines.add("page " + page + ": latest recursive job " + refresh.eventId() + " produced at "
                        + refresh.producedAt() + ", last run " + executions.lastRunOfPage(page));
        });
        return lines;
    }

    private static boolean notRefreshed(final Executions executions, final String page, final Refresh refresh) {
        final Instant ran = executions.lastRunOfPage(page);
        return ran == null || ran.isBefore(refresh.producedAt());
    }
}
