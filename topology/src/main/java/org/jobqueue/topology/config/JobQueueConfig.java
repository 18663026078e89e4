package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jobqueue.serdes.JobQueueTopics;

/**
 * The whole configuration of an instance: the YAML file, typed. Unset fields get their documented defaults, so
 * {@code JobQueueConfig.of("eqiad")} is a complete configuration.
 */
public record JobQueueConfig(
        @JsonProperty("dc") String dc,
        @JsonProperty("consume_dcs") List<String> consumeDcs,
        @JsonProperty("application_id") String applicationId,
        @JsonProperty("kafka") Map<String, String> kafka,
        @JsonProperty("state_dir") String stateDir,
        @JsonProperty("processing_guarantee") ProcessingGuarantee processingGuarantee,
        @JsonProperty("topics") TopicsConfig topics,
        @JsonProperty("queue") QueueConfig queue,
        @JsonProperty("executor") ExecutorConfig executor,
        @JsonProperty("defaults") JobDefaults defaults,
        @JsonProperty("types") Map<String, TypeConfig> types,
        @JsonProperty("periodic") Map<String, PeriodicConfig> periodic) {

    public JobQueueConfig {
        Objects.requireNonNull(dc, "dc is required");
        if (!dc.matches("[a-z0-9_-]+"))
            throw new IllegalArgumentException("dc must match [a-z0-9_-]+, got '" + dc + "'");
        consumeDcs = consumeDcs != null && !consumeDcs.isEmpty() ? List.copyOf(consumeDcs) : List.of(dc);
        applicationId = applicationId != null ? applicationId : "jobqueue-" + dc;
        kafka = kafka != null ? Map.copyOf(kafka) : Map.of("bootstrap.servers", "127.0.0.1:9092");
        stateDir = stateDir != null ? stateDir : "./state";
        processingGuarantee = processingGuarantee != null ? processingGuarantee : ProcessingGuarantee.EXACTLY_ONCE_V2;
        topics = topics != null ? topics : TopicsConfig.DEFAULT;
        queue = queue != null ? queue : QueueConfig.DEFAULT;
        executor = executor != null ? executor : ExecutorConfig.DEFAULT;
        defaults = defaults != null ? defaults : JobDefaults.DEFAULT;
        types = types != null ? Map.copyOf(types) : Map.of();
        periodic = periodic != null ? Map.copyOf(periodic) : Map.of();
        checkPeriodic(periodic, types);
        checkLanes(queue, executor, defaults, types);
    }

    /** A configuration without periodic schedules. */
    public JobQueueConfig(
            final String dc,
            final List<String> consumeDcs,
            final String applicationId,
            final Map<String, String> kafka,
            final String stateDir,
            final ProcessingGuarantee processingGuarantee,
            final TopicsConfig topics,
            final QueueConfig queue,
            final ExecutorConfig executor,
            final JobDefaults defaults,
            final Map<String, TypeConfig> types) {
        this(
                dc,
                consumeDcs,
                applicationId,
                kafka,
                stateDir,
                processingGuarantee,
                topics,
                queue,
                executor,
                defaults,
                types,
                null);
    }

    // Every lane runs on executors, and every lane named elsewhere is one of queue.in_flight.
    private static void checkLanes(
            final QueueConfig queue,
            final ExecutorConfig executor,
            final JobDefaults defaults,
            final Map<String, TypeConfig> types) {
        final List<String> lanes = queue.lanes();
        for (final String lane : lanes) {
            if (!executor.concurrency().containsKey(lane))
                throw new IllegalArgumentException("executor.concurrency: no entry for lane '" + lane
                        + "' (every lane of queue.in_flight needs one)");
        }
        executor.concurrency().keySet().stream()
                .sorted()
                .forEach(lane -> checkLane("executor.concurrency." + lane, lane, lanes));
        checkLane("defaults.priority", defaults.priority(), lanes);
        new TreeMap<>(types).forEach((type, settings) -> {
            if (settings.priority() != null) checkLane("types." + type + ".priority", settings.priority(), lanes);
        });
    }

    private static void checkLane(final String key, final String lane, final List<String> lanes) {
        if (!lanes.contains(lane))
            throw new IllegalArgumentException(
                    key + ": unknown lane '" + lane + "' (lanes: " + String.join(", ", lanes) + ")");
    }

    private static void checkPeriodic(final Map<String, PeriodicConfig> periodic, final Map<String, TypeConfig> types) {
        periodic.forEach((name, schedule) -> {
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(
                        "periodic: '" + name + "' is not a schedule name ([A-Za-z0-9_-], 1-64 characters)");
            }
            if (!types.getOrDefault(schedule.type(), TypeConfig.UNCONFIGURED).isEnabled()) {
                throw new IllegalArgumentException("periodic." + name + ".type: type '" + schedule.type()
                        + "' is disabled (types." + schedule.type() + ".enabled: false)");
            }
        });
    }

    @Override
    public String toString() {
        return "JobQueueConfig[dc=" + dc + ", consumeDcs=" + consumeDcs + ", applicationId=" + applicationId
                + ", kafka=" + Secrets.masked(kafka) + ", stateDir=" + stateDir + ", processingGuarantee="
                + processingGuarantee + ", topics=" + topics + ", queue=" + queue + ", executor=" + executor
                + ", defaults=" + defaults + ", types=" + types + "]";
    }

    /** A configuration with every default, for the given data centre. */
    public static JobQueueConfig of(final String dc) {
        return new JobQueueConfig(dc, null, null, null, null, null, null, null, null, null, null);
    }

    /** The topics this instance writes under {@code dc} and reads from every DC in {@code consume_dcs}. */
    public JobQueueTopics topicRegistry() {
        return new JobQueueTopics(dc, consumeDcs, queue.lanes());
    }

    public TypeConfig type(final String type) {
        return types.getOrDefault(type, TypeConfig.UNCONFIGURED);
    }

    /**
     * How long a released job of {@code type} may go without a result: {@code queue.claim_ttl}, lengthened by as much
     * as the type's own {@code timeout} exceeds the executor's, so that a call allowed to run for hours is not taken
     * for a lost one and released again while it runs.
     */
    public Duration claimTtlOf(final String type) {
        final Duration own = type(type).timeout();
        final Duration longer = own == null ? Duration.ZERO : own.minus(executor.timeout());
        return longer.isNegative() ? queue.claimTtl() : queue.claimTtl().plus(longer);
    }

    /** The lane of {@code type}'s jobs: its {@code priority}, or the default one. */
    public String priorityOf(final String type) {
        final String priority = type(type).priority();
        return priority != null ? priority : defaults.priority();
    }

    /** Whether {@code type}'s jobs are the high lane's, which passes the others' backlog (see {@link #leadOf}). */
    public boolean isHighLane(final String type) {
        return LaneNames.HIGH.equals(priorityOf(type));
    }

    /** How much older than their record time {@code type}'s jobs are read (see {@link QueueConfig#highLaneLead}). */
    public long leadOf(final String type) {
        return isHighLane(type) ? queue.highLaneLead().toMillis() : 0;
    }

    public RetryConfig retryOf(final String type) {
        final RetryConfig retry = type(type).retry();
        return retry != null ? retry.orElse(defaults.retry()) : defaults.retry();
    }

    public JobQueueConfig withConsumeDcs(final List<String> dcs) {
        return new JobQueueConfig(
                dc,
                dcs,
                applicationId,
                kafka,
                stateDir,
                processingGuarantee,
                topics,
                queue,
                executor,
                defaults,
                types,
                periodic);
    }

    public JobQueueConfig withTypes(final Map<String, TypeConfig> newTypes) {
        return new JobQueueConfig(
                dc,
                consumeDcs,
                applicationId,
                kafka,
                stateDir,
                processingGuarantee,
                topics,
                queue,
                executor,
                defaults,
                newTypes,
                periodic);
    }

    public JobQueueConfig withQueue(final QueueConfig newQueue) {
        return new JobQueueConfig(
                dc,
                consumeDcs,
                applicationId,
                kafka,
                stateDir,
                processingGuarantee,
                topics,
                newQueue,
                executor,
                defaults,
                types,
                periodic);
    }

    public JobQueueConfig withDefaults(final JobDefaults newDefaults) {
        return new JobQueueConfig(
                dc,
                consumeDcs,
                applicationId,
                kafka,
                stateDir,
                processingGuarantee,
                topics,
                queue,
                executor,
                newDefaults,
                types,
                periodic);
    }

    public JobQueueConfig withPeriodic(final Map<String, PeriodicConfig> newPeriodic) {
        return new JobQueueConfig(
                dc,
                consumeDcs,
                applicationId,
                kafka,
                stateDir,
                processingGuarantee,
                topics,
                queue,
                executor,
                defaults,
                types,
                newPeriodic);
    }

    public JobQueueConfig withKafka(final Map<String, String> newKafka) {
        return new JobQueueConfig(
                dc,
                consumeDcs,
                applicationId,
                newKafka,
                stateDir,
                processingGuarantee,
                topics,
                queue,
                executor,
                defaults,
                types,
                periodic);
    }
}
