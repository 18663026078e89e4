package org.jobqueue.topology.periodic;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.JobTrace;
import org.jobqueue.schemas.PeriodicMark;
import org.jobqueue.schemas.TraceState;
import org.jobqueue.topology.queue.state.QueueKeys;
import org.jobqueue.topology.queue.state.QueueStores;

/**
 * Whether a schedule's previous job for a wiki is still waiting or in flight, from the queue's trace of its event id,
 * or its command in flight (a job released as it arrived has no trace until it ends): the job queues in this very
 * partition, since every period of a wiki has one job key. A job fired but not arrived yet is on its way through
 * intake; one that never arrives (dropped at intake by an operator) stops counting after {@link #IN_TRANSIT_MS}.
 */
final class PreviousJob {
    static final long IN_TRANSIT_MS = 60_000;

    private final WindowStore<String, JobTrace> traces;
    private final KeyValueStore<String, InFlightJob> inFlight;

    PreviousJob(final ProcessingContext context) {
        this.traces = context.getStateStore(QueueStores.TRACES);
        this.inFlight = context.getStateStore(QueueStores.IN_FLIGHT);
    }

    boolean busy(final PeriodicMark mark, final long now) {
        if (mark == null || mark.getEventId() == null) return false;
        final JobTrace trace = newest(mark.getEventId(), mark.getFiredAt());
        if (trace != null) return trace.getState() == TraceState.arrived;
        return isInFlight(mark.getEventId()) || now - mark.getFiredAt() < IN_TRANSIT_MS;
    }

    private boolean isInFlight(final String eventId) {
        try (KeyValueIterator<String, InFlightJob> commands =
                inFlight.prefixScan(QueueKeys.commandIdPrefix(eventId), new StringSerializer())) {
            return commands.hasNext();
        }
    }

    private JobTrace newest(final String eventId, final long firedAt) {
        try (WindowStoreIterator<JobTrace> entries =
                traces.backwardFetch(eventId, firedAt - IN_TRANSIT_MS, Long.MAX_VALUE)) {
            return entries.hasNext() ? entries.next().value : null;
        }
    }
}
