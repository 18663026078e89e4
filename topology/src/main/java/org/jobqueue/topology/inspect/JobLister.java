package org.jobqueue.topology.inspect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.topology.queue.state.QueueKeys;
import org.jobqueue.topology.queue.state.QueueStores;

/**
 * Lists the oldest jobs of a type in a state, within a budget of store entries: the ready and paused indexes of each
 * lane (in arrival order), the delayed index (in due order), or the in-flight store (in no order: sorted by release).
 */
final class JobLister {
    private final ReadOnlyKeyValueStore<String, QueuedJob> waiting;
    private final ReadOnlyKeyValueStore<Bytes, String> ready;
    private final ReadOnlyKeyValueStore<Bytes, String> paused;
    private final ReadOnlyKeyValueStore<Bytes, String> delayed;
    private final ReadOnlyKeyValueStore<String, InFlightJob> inFlight;

    private final List<String> lanes;

    JobLister(final StoreLookup stores, final List<String> lanes) {
        this.lanes = lanes;
        this.waiting = stores.keyValueStore(QueueStores.WAITING);
        this.ready = stores.keyValueStore(QueueStores.READY);
        this.paused = stores.keyValueStore(QueueStores.PAUSED);
        this.delayed = stores.keyValueStore(QueueStores.DELAYED);
        this.inFlight = stores.keyValueStore(QueueStores.IN_FLIGHT);
    }

    Listing list(final String type, final ListedState state, final int limit, final int scanBudget) {
        final Scan scan = new Scan(type, limit, scanBudget);
        switch (state) {
            case READY -> listReady(scan);
            case DELAYED -> listDelayed(scan);
            case IN_FLIGHT -> listInFlight(scan);
        }
        return scan.listing();
    }

    private void listReady(final Scan scan) {
        for (final String lane : lanes) {
            final Bytes from = scan.type == null ? QueueKeys.laneStart(lane) : QueueKeys.typePrefix(lane, scan.type);
            final Bytes to = scan.type == null ? QueueKeys.laneEnd(lane) : QueueKeys.prefixEnd(from);
            listWaiting(ready, from, to, scan, "ready");
            listWaiting(paused, from, to, scan, "ready");
        }
    }

    private void listDelayed(final Scan scan) {
        listWaiting(delayed, QueueKeys.dueFromStart(), QueueKeys.dueAfter(Long.MAX_VALUE - 1), scan, "delayed");
    }

    /** Each index holds its entries oldest first: at most {@code limit} of each can be among the oldest. */
    private void listWaiting(
            final ReadOnlyKeyValueStore<Bytes, String> index,
            final Bytes from,
            final Bytes to,
            final Scan scan,
            final String state) {
        int found = 0;
        try (KeyValueIterator<Bytes, String> entries = index.range(from, to)) {
            while (entries.hasNext() && found < scan.limit) {
                if (!scan.spend()) return;
                final QueuedJob queued = waiting.get(entries.next().value);
                if (queued == null || !scan.covers(queued.getJob())) continue;
                final boolean isDelayed = queued.getDueAt() != null;
                if (isDelayed != state.equals("delayed")) continue;
                scan.add(
                        queued.getJob(),
                        Lanes.of(queued),
                        state,
                        isDelayed ? queued.getDueAt() : queued.getEnqueuedAt());
                found++;
            }
            if (entries.hasNext()) scan.truncated = true;
        }
    }

    private void listInFlight(final Scan scan) {
        try (KeyValueIterator<String, InFlightJob> entries = inFlight.all()) {
            while (entries.hasNext()) {
                if (!scan.spend()) return;
                final KeyValue<String, InFlightJob> entry = entries.next();
                final InFlightJob job = entry.value;
                if (scan.covers(job.getJob())) {
                    scan.add(job.getJob(), Lanes.of(job), "in-flight", job.getReleasedAt());
                }
            }
        }
    }

    /** One listing's progress: the jobs found, the budget left, and whether anything was left unseen. */
    private static final class Scan {
        private final String type;
        private final int limit;
        private final List<ListedJob> jobs = new ArrayList<>();
        private int budget;
        private boolean truncated;

        Scan(final String type, final int limit, final int budget) {
            this.type = type;
            this.limit = limit;
            this.budget = budget;
        }

        boolean covers(final Job job) {
            return type == null || type.equals(job.getType());
        }

        /** Takes one entry from the budget; false (and truncated) if none is left. */
        boolean spend() {
            if (budget <= 0) {
                truncated = true;
                return false;
            }
            budget--;
            return true;
        }

        void add(final Job job, final String lane, final String state, final long sinceMs) {
            jobs.add(new ListedJob(
                    job.getEventId(),
                    job.getJobKey(),
                    job.getType(),
                    job.getDatabase(),
                    lane,
                    state,
                    Instant.ofEpochMilli(sinceMs).toString(),
                    sinceMs));
        }

        Listing listing() {
            final List<ListedJob> oldestFirst = jobs.stream()
                    .sorted(Comparator.comparingLong(ListedJob::sinceMs))
                    .toList();
            final boolean more = oldestFirst.size() > limit;
            return new Listing(oldestFirst.subList(0, Math.min(limit, oldestFirst.size())), truncated || more);
        }
    }
}
