package org.jobqueue.topology.queue;

import java.util.List;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.queue.state.QueueState;
import org.jobqueue.topology.stores.ChangelogMarks;

/**
 * The queue's wall-clock tick, each step with bounded work: the held jobs a takeover covers go to {@link Admission},
 * due jobs are promoted, expired claims retried, the jobs an operator's purge covers dropped, those whose pause is over
 * put back, ready jobs released, and the lanes' sizes reported. The first tick
 * gives every store a changelog offset (see {@link ChangelogMarks}).
 */
final class QueueTick implements Punctuator {
    private final ProcessorContext<String, QueueOutput> context;
    private final QueuePartition partition;
    private final Admission admission;
    private final Releaser releaser;
    private final DelayedPromoter promoter;
    private final ClaimExpirer expirer;
    private final Purger purger;
    private final PauseLifter lifter;
    private final JobQueueMetrics metrics;
    private boolean changelogsMarked;

    private final List<String> lanes;

    QueueTick(
            final ProcessorContext<String, QueueOutput> context,
            final QueuePartition partition,
            final Admission admission,
            final Releaser releaser,
            final AttemptHandler attempts,
            final ControlRules rules,
            final JobQueueConfig config,
            final JobQueueMetrics metrics) {
        final QueueState state = partition.state();
        final int limit = config.queue().maxScanPerTick();
        this.context = context;
        this.partition = partition;
        this.admission = admission;
        this.releaser = releaser;
        this.promoter = new DelayedPromoter(state, limit);
        this.expirer = new ClaimExpirer(state, attempts, limit);
        this.purger = new Purger(state, partition.traces(), rules, metrics, limit);
        this.lifter = new PauseLifter(state, rules, limit, config.queue().lanes());
        this.metrics = metrics;
        this.lanes = config.queue().lanes();
    }

    @Override
    public void punctuate(final long now) {
        if (!changelogsMarked) {
            partition.markChangelogs(now);
            changelogsMarked = true;
        }
        admission.takeOver(now, this::emit);
        promoter.run(now, queued -> releaser.releaseOnArrival(queued, now, this::emit));
        expirer.run(now, letter -> context.forward(QueueOutput.record(letter, now)));
        purger.run(now);
        lifter.run(now);
        releaser.run(now, this::emit);
        for (final String lane : lanes) {
            metrics.reportLaneSize(
                    context.taskId().toString(), lane, partition.state().size(lane));
        }
    }

    private void emit(final JobCommand command) {
        context.forward(QueueOutput.record(command));
    }
}
