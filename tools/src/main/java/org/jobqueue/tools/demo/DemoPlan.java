package org.jobqueue.tools.demo;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jobqueue.schemas.LinkChange;

/**
 * What the demo produces: the backlinks it seeds first (through the links topic), then the job records, in sending
 * order.
 */
record DemoPlan(List<LinkChange> backlinks, List<PlannedEvent> events) {

    DemoPlan {
        backlinks = List.copyOf(backlinks);
        events = events.stream()
                .sorted(Comparator.comparing(PlannedEvent::sendAfter))
                .toList();
    }

    int size() {
        return events.size();
    }

    long count(final JobKind kind) {
        return events.stream().filter(event -> event.kind() == kind).count();
    }

    Map<JobKind, Long> countsByKind() {
        final Map<JobKind, Long> counts = new EnumMap<>(JobKind.class);
        events.forEach(event -> counts.merge(event.kind(), 1L, Long::sum));
        return counts;
    }
}
