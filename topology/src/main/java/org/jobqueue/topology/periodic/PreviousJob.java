package org.jobqueue.topology.periodic;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jobqueue.schemas.JobTrace;
import org.jobqueue.schemas.PeriodicMark;
import org.jobqueue.schemas.TraceState;
import org.jobqueue.topology.queue.state.QueueStores;

/**
 * Whether a schedule's previous job for a wiki is still waiting or in flight, from the queue's trace of its event id:
 * the job queues in this very partition, since every period of a wiki has one job key. A job fired but not arrived yet
 * is on its way through intake; one that never arrives (dropped at intake by an operator) stops counting after {@link
 * #IN_TRANSIT_MS}.
 */
final class PreviousJob {
    static final long IN_TRANSIT_MS = 60_000;

    private final WindowStore<String, JobTrace> traces;

    PreviousJob(final ProcessingContext context) {
        this.traces = context.getStateStore(QueueStores.TRACES);
    }

    boolean busy(final PeriodicMark mark, final long now) {
        if (mark == null || mark.getEventId() == null) return false;
        final JobTrace trace = newest(mark.getEventId(), mark.getFiredAt());
        if (trace == null) return now - mark.getFiredAt() < IN_TRANSIT_MS;
        return trace.getState() == TraceState.arrived;
    }

    private JobTrace newest(final String eventId, final long firedAt) {
        try (WindowStoreIterator<JobTrace> entries =
                traces.backwardFetch(eventId, firedAt - IN_TRANSIT_MS, Long.MAX_VALUE)) {
            return entries.hasNext() ? entries.next().value : null;
        }
    }
}
