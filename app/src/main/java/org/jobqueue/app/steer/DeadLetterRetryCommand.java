package org.jobqueue.app.steer;

import java.io.PrintWriter;
import java.time.Instant;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue dead-letter retry}: re-enqueues dead-lettered jobs so that they run again. */
@Command(
        name = "retry",
        header = "Re-enqueue dead-lettered jobs so that they run again",
        description = {
            "Re-enqueue dead-lettered jobs, selected by --id (an event id or a job key) or by --type and --since, so"
                    + " that they run again: each one's event goes to its type's job topic in this DC"
                    + " (<dc>.mediawiki.job.<type>) with a new meta.id, the original id in meta.retry_of, and"
                    + " meta.dt set to now.",
            "The new id is derived from the original id and the time the job died, so running the same retry twice"
                    + " re-enqueues the same events, and the queue's event-id dedup runs each once (within its"
                    + " dedup_window). A job whose root was superseded or is older than root_claim_ttl is dropped by"
                    + " the queue as usual.",
            "TIME: an ISO-8601 time with its offset (2026-12-02T15:00:00Z) or a duration ago (30m, 2h, 1d).",
            "Exits 0 when every selected job was re-enqueued (or none matched --type and --since), 1 when no dead"
                    + " letter matches --id, a job topic is missing or the cluster fails, 2 on a bad configuration or"
                    + " flag."
        },
        mixinStandardHelpOptions = true)
public final class DeadLetterRetryCommand extends SteerCommand {
    @Option(names = "--id", paramLabel = "ID", description = "The event id or the job key of the dead letters")
    private String id;

    @Option(names = "--type", paramLabel = "T", description = "The dead letters of this job type (with --since)")
    private String type;

    @Option(names = "--since", paramLabel = "TIME", description = "Those dead at or after TIME (with --type)")
    private String since;

    @Option(names = "--dry-run", description = "Only list the jobs that would be re-enqueued, and write nothing")
    private boolean dryRun;

    @Override
    int run(final JobQueueConfig config) {
        final DeadLetterSelection selection = selection();
        final Instant now = now();
        final RetryPlan plan = new RetryPlan(config.topicRegistry(), now);
        new DeadLetterTopic(config, "jobqueue-dead-letter-retry")
                .read(
                        letter -> {
                            if (selection.test(letter)) plan.add(letter);
                        },
                        this::warn);
        plan.unretriable().forEach((eventId, why) -> warn("cannot retry " + eventId + ": " + why));
        if (plan.retries().isEmpty()) return nothingMatched(config, selection);
        if (!dryRun) {
            final JobTopicWriter writer = new JobTopicWriter(config, "jobqueue-dead-letter-retry");
            writer.requireTopics(plan.topicNames());
            writer.write(plan.retries());
        }
        report(plan);
        return ExitCode.OK;
    }

    private DeadLetterSelection selection() {
        if (id != null && (type != null || since != null)) {
            throw usage("give either --id, or --type with --since, not both");
        }
        if (id != null) {
            if (id.isBlank()) throw usage("--id must not be empty");
            return new DeadLetterSelection(id, null, null);
        }
        if (type == null || since == null) {
            throw usage("give --id ID, or --type T with --since TIME (which dead letters to retry)");
        }
        return new DeadLetterSelection(null, Names.type(spec(), type), time(since, SteerTime.Direction.AGO, "--since"));
    }

    private int nothingMatched(final JobQueueConfig config, final DeadLetterSelection selection) {
        final String none = "no dead letter" + selection.text() + " in "
                + config.topicRegistry().deadLetter().name();
        if (id != null) return fail(none, ExitCode.SOFTWARE);
        out().println(none + ": nothing to re-enqueue");
        out().flush();
        return ExitCode.OK;
    }

    private void report(final RetryPlan plan) {
        final PrintWriter out = out();
        for (final RetryPlan.Retry retry : plan.retries()) {
            out.println((dryRun ? "would re-enqueue " : "re-enqueued ") + retry.line());
        }
        final int count = plan.retries().size();
        final String jobs = count + (count == 1 ? " dead-lettered job" : " dead-lettered jobs");
        out.println(dryRun ? "dry run: would re-enqueue " + jobs + ", wrote nothing" : "re-enqueued " + jobs);
        out.flush();
    }

    private void warn(final String warning) {
        err().println("jobqueue: " + warning);
        err().flush();
    }

    @Override
    String whatItDoes() {
        return "retry dead letters";
    }
}
