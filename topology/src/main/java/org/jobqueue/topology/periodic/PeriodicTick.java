package org.jobqueue.topology.periodic;

import java.util.List;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jobqueue.schemas.PeriodicMark;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.metrics.JobQueueMetrics;

/**
 * The wall-clock tick of a partition's schedules: for each (schedule, wiki) it owns, fires what its {@link FiringPlan}
 * says, unless another DC fires it, and moves its mark on in the same commit as the event it emits.
 */
final class PeriodicTick implements Punctuator {
    private static final long MIN_LEASE_MS = 60_000;

    private final ProcessorContext<String, PeriodicEvent> context;
    private final List<OwnedSchedule> owned;
    private final PeriodicMarks marks;
    private final PreviousJob previous;
    private final JobQueueTopics topics;
    private final JobQueueMetrics metrics;

    PeriodicTick(
            final ProcessorContext<String, PeriodicEvent> context,
            final List<OwnedSchedule> owned,
            final PeriodicMarks marks,
            final JobQueueTopics topics,
            final JobQueueMetrics metrics) {
        this.context = context;
        this.owned = owned;
        this.marks = marks;
        this.previous = new PreviousJob(context);
        this.topics = topics;
        this.metrics = metrics;
    }

    @Override
    public void punctuate(final long now) {
        owned.forEach(schedule -> tick(schedule, now));
    }

    private void tick(final OwnedSchedule schedule, final long now) {
        final PeriodicMark mark = marks.get(schedule.name(), schedule.wiki());
        final Long handled = mark != null && mark.getPeriod() != Long.MIN_VALUE ? mark.getPeriod() : null;
        // Most ticks fall inside a period already handled: they need not read the previous job's trace.
        if (handled != null && schedule.periods().startAtOrBefore(now) <= handled) return;
        if (anotherDcFires(schedule, mark, now)) return;
        final PeriodicConfig config = schedule.config();
        final FiringPlan plan = FiringPlan.at(
                schedule.periods(), config.catchUp(), config.maxCatchUp(), handled, now, previous.busy(mark, now));
        if (plan.fire() == null && mark != null && plan.handled() == mark.getPeriod()) return;
        metrics.countPeriodic(schedule.name(), "overlap", plan.overlaps());
        metrics.countPeriodic(schedule.name(), "caught-up", plan.caughtUp());
        final PeriodicMark.Builder next = mark != null ? PeriodicMark.newBuilder(mark) : newMark(schedule);
        next.setPeriod(plan.handled());
        if (plan.fire() != null) fire(schedule, plan.fire(), now, next);
        marks.put(next.build());
    }

    private void fire(
            final OwnedSchedule schedule, final long period, final long now, final PeriodicMark.Builder mark) {
        final String type = schedule.config().type();
        final byte[] event = PeriodicJobs.event(schedule.name(), schedule.config(), schedule.wiki(), period, now);
        context.forward(new Record<>(
                schedule.jobKey(), new PeriodicEvent(topics.jobEvents(type).name(), event), now));
        mark.setFiredPeriod(period)
                .setEventId(PeriodicJobs.eventId(schedule.name(), schedule.wiki(), period))
                .setFiredAt(now);
        metrics.countPeriodic(schedule.name(), "fired", 1);
    }

    /** Another DC fired this schedule's job for this wiki lately: this DC is passive for it. */
    private static boolean anotherDcFires(final OwnedSchedule schedule, final PeriodicMark mark, final long now) {
        if (mark == null || mark.getRemoteSeenAt() == null) return false;
        final long period = mark.getPeriod();
        final long lease = Math.max(MIN_LEASE_MS, 2 * (schedule.periods().next(period) - period));
        return now - mark.getRemoteSeenAt() < lease;
    }

    static PeriodicMark.Builder newMark(final OwnedSchedule schedule) {
        return PeriodicMark.newBuilder()
                .setSchedule(schedule.name())
                .setWiki(schedule.wiki())
                .setPeriod(Long.MIN_VALUE);
    }
}
