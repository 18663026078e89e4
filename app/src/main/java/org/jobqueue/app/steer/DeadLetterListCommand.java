package org.jobqueue.app.steer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code jobqueue dead-letter list}: the dead letters, newest last. */
@Command(
        name = "list",
        header = "List the dead-lettered jobs",
        description = {
            "Read <dc>.jobqueue.dead-letter from its beginning to its current end and print the dead letters (of"
                    + " --type, dead since --since), the newest --limit of them, oldest first: one line each with the"
                    + " time it died, type, database, event id, reason and attempts made. The last line counts them.",
            "With --json, each dead letter as one JSON object per line (the event, the reason, every attempt"
                    + " kept), and the count on stderr.",
            "TIME: an ISO-8601 time with its offset (2026-12-02T15:00:00Z) or a duration ago (30m, 2h, 1d).",
            "Exits 0, 1 when the cluster fails, 2 on a bad configuration or flag."
        },
        mixinStandardHelpOptions = true)
public final class DeadLetterListCommand extends SteerCommand {
    @Option(names = "--type", paramLabel = "T", description = "Only the dead letters of this job type")
    private String type;

    @Option(names = "--since", paramLabel = "TIME", description = "Only those dead at or after TIME")
    private String since;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Print at most the newest N. Default: ${DEFAULT-VALUE}")
    private int limit;

    @Option(names = "--json", description = "One JSON object per dead letter")
    private boolean json;

    @Override
    int run(final JobQueueConfig config) {
        if (limit < 1) throw usage("--limit must be 1 or more");
        final Instant from = since == null ? null : time(since, SteerTime.Direction.AGO, "--since");
        final DeadLetterSelection selection =
                new DeadLetterSelection(null, type == null ? null : Names.type(spec(), type), from);
        final DeadLetterTopic topic = new DeadLetterTopic(config, "jobqueue-dead-letter-list");
        final NewestDeadLetters newest = new NewestDeadLetters(limit);
        topic.read(
                letter -> {
                    if (selection.test(letter)) newest.offer(letter);
                },
                this::warn);
        print(config.topicRegistry().deadLetter(), newest.oldestFirst());
        count(newest, selection);
        return ExitCode.OK;
    }

    private void print(final Topic<String, DeadLetter> topic, final List<DeadLetter> letters) {
        final Serializer<DeadLetter> asJson = topic.valueSerde().serializer();
        final PrintWriter out = out();
        for (final DeadLetter letter : letters) {
            out.println(
                    json
                            ? new String(asJson.serialize(topic.name(), letter), StandardCharsets.UTF_8)
                            : DeadLetterLine.of(letter));
        }
        out.flush();
    }

    private void count(final NewestDeadLetters newest, final DeadLetterSelection selection) {
        final long all = newest.offered();
        final int shown = newest.oldestFirst().size();
        final String letters = all + (all == 1 ? " dead letter" : " dead letters") + selection.text();
        final PrintWriter countTo = json ? err() : out();
        countTo.println(
                shown == all ? letters : "the newest " + shown + " of " + letters + " (raise --limit to see more)");
        countTo.flush();
    }

    private void warn(final String warning) {
        err().println("jobqueue: " + warning);
        err().flush();
    }

    @Override
    String whatItDoes() {
        return "read the dead letters";
    }
}
