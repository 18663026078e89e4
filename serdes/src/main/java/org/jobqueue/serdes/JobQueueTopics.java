package org.jobqueue.serdes;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.Priority;
import org.jobqueue.schemas.RootMark;

/**
 * The one registry of jobqueue's topics and their serdes, for one data centre. Every name starts with a data-centre
 * prefix: an instance writes under its own {@code dc} and reads the job topics of every DC in {@code consumeDcs}.
 */
public final class JobQueueTopics {
    public static final String JOB_TOPIC_INFIX = ".mediawiki.job.";

    private final String dc;
    private final List<String> consumeDcs;

    public JobQueueTopics(final String dc, final List<String> consumeDcs) {
        this.dc = Objects.requireNonNull(dc, "dc");
        this.consumeDcs = List.copyOf(consumeDcs);
    }

    public String dc() {
        return dc;
    }

    /** {@code <dc>.mediawiki.job.<type>} of every consumed DC: JSON job events, any key. */
    public Pattern jobEventsPattern() {
        final String dcs = consumeDcs.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return Pattern.compile("(" + dcs + ")" + Pattern.quote(JOB_TOPIC_INFIX) + "[^.]+");
    }

    /** The topic MediaWiki writes jobs of {@code type} to, in this DC. */
    public Topic<byte[], byte[]> jobEvents(final String type) {
        return new Topic<>(dc + JOB_TOPIC_INFIX + type, JobSerdes.bytes(), JobSerdes.bytes());
    }

    public Topic<String, JobCommand> commands(final Priority priority) {
        return new Topic<>(
                dc + ".jobqueue.commands." + priority.name().toLowerCase(Locale.ROOT),
                JobSerdes.string(),
                JobSerdes.jobCommand());
    }

    /** Key: the job key, so that a result meets its job's partition. */
    public Topic<String, JobResult> results() {
        return new Topic<>(dc + ".jobqueue.results", JobSerdes.string(), JobSerdes.jobResult());
    }

    public Topic<String, DeadLetter> deadLetter() {
        return new Topic<>(dc + ".jobqueue.dead-letter", JobSerdes.string(), JobSerdes.deadLetter());
    }

    /** The input bytes exactly as read; the reason and the source are in headers (see {@link InvalidHeaders}). */
    public Topic<byte[], byte[]> invalid() {
        return new Topic<>(dc + ".jobqueue.invalid", JobSerdes.bytes(), JobSerdes.bytes());
    }

    /** Compacted; key {@code <database>|<signature>}. */
    public Topic<String, RootMark> roots() {
        return new Topic<>(dc + ".jobqueue.roots", JobSerdes.string(), JobSerdes.rootMark());
    }

    /** Backlink changes as JSON ({@code jobqueue/link/1.0.0}), any key: the feed of the backlinks store. */
    public Topic<byte[], byte[]> links() {
        return new Topic<>(dc + ".jobqueue.links", JobSerdes.bytes(), JobSerdes.bytes());
    }

    /** Every topic this instance writes to or reads by name, so that it can create the missing ones. */
    public List<String> writtenTopicNames() {
        final List<String> commands = java.util.Arrays.stream(Priority.values())
                .map(priority -> commands(priority).name())
                .toList();
        return java.util.stream.Stream.concat(
                        commands.stream(),
                        java.util.stream.Stream.of(
                                results().name(),
                                deadLetter().name(),
                                invalid().name(),
                                roots().name(),
                                links().name()))
                .toList();
    }
}
