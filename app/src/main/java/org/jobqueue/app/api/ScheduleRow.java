package org.jobqueue.app.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.inspect.PeriodicFiring;

/**
 * One (schedule, wiki) of the configuration with what the deployment's marks say of it: the period last fired (null
 * when never) and its job, and the next period (the one after the last handled, so one in the past is overdue).
 * Times are epoch milliseconds.
 */
record ScheduleRow(
        String schedule,
        String type,
        String periods,
        String wiki,
        Long firedPeriod,
        String eventId,
        Long firedAt,
        long nextPeriod) {

    /** A row per schedule (by name) and wiki (in the configuration's order). */
    static List<ScheduleRow> of(
            final Map<String, PeriodicConfig> schedules, final List<PeriodicFiring> firings, final long now) {
        final Map<String, PeriodicFiring> byPair = new HashMap<>();
        firings.forEach(firing -> byPair.put(firing.schedule() + '\u0000' + firing.wiki(), firing));
        final List<ScheduleRow> rows = new ArrayList<>();
        new TreeMap<>(schedules).forEach((name, schedule) -> {
            for (final String wiki : schedule.wikis()) {
                rows.add(of(name, schedule, wiki, byPair.get(name + '\u0000' + wiki), now));
            }
        });
        return rows;
    }

    private static ScheduleRow of(
            final String name,
            final PeriodicConfig schedule,
            final String wiki,
            final PeriodicFiring firing,
            final long now) {
        return new ScheduleRow(
                name,
                schedule.type(),
                schedule.describePeriods(),
                wiki,
                firing != null ? firing.firedPeriod() : null,
                firing != null ? firing.eventId() : null,
                firing != null ? firing.firedAt() : null,
                schedule.nextPeriod(firing != null ? firing.handledPeriod() : null, now));
    }
}
