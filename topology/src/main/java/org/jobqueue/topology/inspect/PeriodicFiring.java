package org.jobqueue.topology.inspect;

import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jobqueue.schemas.PeriodicMark;
import org.jobqueue.topology.periodic.PeriodicMarks;

/**
 * What a periodic schedule last did for one wiki, for operators: the latest period handled (fired, skipped, or seen
 * from another DC) and the latest this DC fired, with its event id. Times in epoch milliseconds; null: never.
 */
public record PeriodicFiring(
        String schedule,
        String wiki,
        Long handledPeriod,
        Long firedPeriod,
        String eventId,
        Long firedAt,
        Long remoteSeenAt) {

    static List<PeriodicFiring> read(final StoreLookup stores) {
        final ReadOnlyKeyValueStore<String, PeriodicMark> marks = stores.keyValueStore(PeriodicMarks.STORE);
        return PeriodicMarks.all(marks).stream().map(PeriodicFiring::of).toList();
    }

    private static PeriodicFiring of(final PeriodicMark mark) {
        return new PeriodicFiring(
                mark.getSchedule(),
                mark.getWiki(),
                mark.getPeriod() == Long.MIN_VALUE ? null : mark.getPeriod(),
                mark.getFiredPeriod(),
                mark.getEventId(),
                mark.getFiredAt(),
                mark.getRemoteSeenAt());
    }
}
