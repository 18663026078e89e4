package org.jobqueue.serdes;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.RootMark;

/**
 * The one registry of jobqueue's topics and their serdes, for one data centre. Every name starts with a data-centre
 * prefix: an instance writes under its own {@code dc} and reads the job topics and results of every DC in
 * {@code consumeDcs}.
 */
public final class JobQueueTopics {
    public static final String JOB_TOPIC_INFIX = ".mediawiki.job.";
    private static final String RESULTS_SUFFIX = ".jobqueue.results";

    private final String dc;
    private final List<String> consumeDcs;
    private final String localPrefix;
    private final List<String> lanes;

    /** The topics of a DC whose lanes are the three there were before lanes had names: high, normal and low. */
    public JobQueueTopics(final String dc, final List<String> consumeDcs) {
        this(dc, consumeDcs, List.of("high", "normal", "low"));
    }

    /** @param lanes the names of the lanes, each with its command topic */
    public JobQueueTopics(final String dc, final List<String> consumeDcs, final List<String> lanes) {
        this.dc = Objects.requireNonNull(dc, "dc");
        this.consumeDcs = List.copyOf(consumeDcs);
        this.localPrefix = dc + ".";
        this.lanes = List.copyOf(lanes);
    }

    public String dc() {
        return dc;
    }

    /** {@code <dc>.mediawiki.job.<type>} of every consumed DC: JSON job events, any key. */
    public Pattern jobEventsPattern() {
        return Pattern.compile("(" + dcAlternatives(consumeDcs) + ")" + Pattern.quote(JOB_TOPIC_INFIX) + "[^.]+");
    }

    /** The topic MediaWiki writes jobs of {@code type} to, in this DC. */
    public Topic<byte[], byte[]> jobEvents(final String type) {
        return new Topic<>(dc + JOB_TOPIC_INFIX + type, JobSerdes.bytes(), JobSerdes.bytes());
    }

    /** The type a job topic ({@code <dc>.mediawiki.job.<type>}) carries; another topic's name as it is. */
    public static String typeOfJobTopic(final String topic) {
        final int infix = topic.indexOf(JOB_TOPIC_INFIX);
        return infix < 0 ? topic : topic.substring(infix + JOB_TOPIC_INFIX.length());
    }

    /** {@code <dc>.jobqueue.commands.<lane>}: the commands of one lane, for its executors. */
    public Topic<String, JobCommand> commands(final String lane) {
        return new Topic<>(dc + ".jobqueue.commands." + lane, JobSerdes.string(), JobSerdes.jobCommand());
    }

    /** The command topics of every lane. */
    public List<Topic<String, JobCommand>> allCommands() {
        return lanes.stream().map(this::commands).toList();
    }

    /** Key: the job key, so that a result meets its job's partition. */
    public Topic<String, JobResult> results() {
        return results(dc);
    }

    /** {@code dc}'s results; another DC's arrive here through the mirror, partition for partition. */
    public Topic<String, JobResult> results(final String ofDc) {
        return new Topic<>(ofDc + RESULTS_SUFFIX, JobSerdes.string(), JobSerdes.jobResult());
    }

    /** {@code <dc>.jobqueue.results} of every consumed DC, and of this one. */
    public Pattern resultsPattern() {
        return Pattern.compile("(" + dcAlternatives(resultDcs()) + ")" + Pattern.quote(RESULTS_SUFFIX));
    }

    /** Whether {@code topic} is a results topic, of this DC or another. */
    public static boolean isResults(final String topic) {
        return topic.endsWith(RESULTS_SUFFIX);
    }

    /** The consumed DCs other than this one: their jobs wait here until this DC takes them over. */
    public List<String> remoteDcs() {
        return consumeDcs.stream().filter(other -> !other.equals(dc)).toList();
    }

    /** Whether {@code topic} belongs to this DC; unlike {@link #dcOf}, without allocating, for per-record checks. */
    public boolean isLocal(final String topic) {
        return topic.startsWith(localPrefix) || topic.equals(dc);
    }

    /** The data centre a topic belongs to: its name's prefix. */
    public static String dcOf(final String topic) {
        final int dot = topic.indexOf('.');
        return dot < 0 ? topic : topic.substring(0, dot);
    }

    /** The topics of {@code ofDc}'s jobs, within {@code topicNames}. */
    public static List<String> jobTopicsOf(final String ofDc, final Collection<String> topicNames) {
        final Pattern pattern = Pattern.compile(Pattern.quote(ofDc + JOB_TOPIC_INFIX) + "[^.]+");
        return topicNames.stream()
                .filter(name -> pattern.matcher(name).matches())
                .sorted()
                .toList();
    }

    private List<String> resultDcs() {
        return Stream.concat(Stream.of(dc), remoteDcs().stream()).toList();
    }

    private static String dcAlternatives(final List<String> dcs) {
        return dcs.stream().map(Pattern::quote).collect(Collectors.joining("|"));
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

    /**
     * Compacted; key {@link ControlKeys#of}: the operators' pause and drop rules, written only by jobqueue's commands
     * and read by every instance as a global store.
     */
    public Topic<String, ControlRule> control() {
        return new Topic<>(dc + ".jobqueue.control", JobSerdes.string(), JobSerdes.controlRule());
    }

    /**
     * Compacted; key: an instance's {@code application.server} ({@code host:port}), value: its announcement as JSON
     * (its admin URL), or a tombstone when it stops. The commands that look inside the queue find the deployment here.
     */
    public Topic<String, String> instances() {
        return new Topic<>(dc + ".jobqueue.instances", JobSerdes.string(), JobSerdes.string());
    }

    /** Backlink changes as JSON ({@code jobqueue/link/1.0.0}), any key: the feed of the backlinks store. */
    public Topic<byte[], byte[]> links() {
        return new Topic<>(dc + ".jobqueue.links", JobSerdes.bytes(), JobSerdes.bytes());
    }

    /** Every topic this instance writes to or reads by name, so that it can create the missing ones. */
    public List<String> writtenTopicNames() {
        final List<String> commands = allCommands().stream().map(Topic::name).toList();
        return Stream.concat(
                        commands.stream(),
                        Stream.of(
                                results().name(),
                                deadLetter().name(),
                                invalid().name(),
                                roots().name(),
                                control().name(),
                                instances().name(),
                                links().name()))
                .toList();
    }
}
