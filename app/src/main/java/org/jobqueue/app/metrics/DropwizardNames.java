package org.jobqueue.app.metrics;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jobqueue.schemas.ResultStatus;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;

/**
 * Translates a Dropwizard metric name into a Prometheus series: the type, lane, outcome or state that the name stitches
 * together become labels. Sums that Prometheus computes itself (the totals over types, a lane's waiting jobs) have no
 * series. A name it does not know becomes a family of its own, its characters made valid, without labels.
 */
final class DropwizardNames {
    private static final String TYPE = "jobqueue.type.";
    private static final String LANE = "jobqueue.lane.";
    private static final String EXECUTOR = "jobqueue.executor.";
    private static final String PERIODIC = "jobqueue.periodic.";
    private static final String FANOUT = ".fanout.";
    private static final String DEDUPLICATED = "." + Outcome.DEDUPLICATED.metricName() + ".";
    private static final Set<String> LANE_STATES = Set.of("ready", "delayed", "in-flight");
    private static final Set<String> EXECUTOR_COUNTERS =
            Set.of("throttled", "kept", "circuit-opened", "result-write-failures");
    private static final Pattern INVALID_CHARACTERS = Pattern.compile("[^a-zA-Z0-9_:]");

    private final Function<String, String> laneOfType;

    /** @param laneOfType the lane a job type is configured for */
    DropwizardNames(final Function<String, String> laneOfType) {
        this.laneOfType = laneOfType;
    }

    /** The series of the Dropwizard metric {@code name}, or none for a sum of other series. */
    Optional<Series> seriesOf(final String name) {
        if (name.startsWith(TYPE)) return Optional.of(ofType(name, name.substring(TYPE.length())));
        if (name.startsWith(LANE)) return ofLane(name, name.substring(LANE.length()));
        if (name.startsWith(EXECUTOR)) return Optional.of(ofExecutor(name, name.substring(EXECUTOR.length())));
        if (name.startsWith(PERIODIC)) return ofPeriodic(name.substring(PERIODIC.length()));
        return switch (name) {
            case "jobqueue.jobs.invalid" -> Optional.of(Series.of("jobqueue_jobs", "outcome", "invalid"));
            case "jobqueue.fanout.expansions-running" -> Optional.of(Series.of("jobqueue_fanout_expansions_running"));
            case "jobqueue.fanout.leaf-wait-ms" -> Optional.of(Series.of("jobqueue_fanout_leaf_wait_ms"));
            case "jobqueue.fanout.ticks-paced" -> Optional.of(Series.of("jobqueue_fanout_ticks_paced"));
            case "jobqueue.standby.lag" -> Optional.of(Series.of("jobqueue_standby_lag_records"));
            case "jobqueue.standby.records-applied" -> Optional.of(Series.of("jobqueue_standby_records_applied"));
            default ->
                name.startsWith("jobqueue.jobs.") || name.startsWith("jobqueue.fanout.")
                        ? Optional.empty()
                        : Optional.of(generic(name));
        };
    }

    /** {@code <type>.<outcome>}, {@code <type>.deduplicated.<reason>} or {@code <type>.fanout.<what>}. */
    private Series ofType(final String name, final String rest) {
        final int fanout = rest.lastIndexOf(FANOUT);
        if (fanout > 0) {
            return ofJobType("jobqueue_fanout", rest.substring(0, fanout))
                    .with("event", labelValue(rest.substring(fanout + FANOUT.length())));
        }
        final int deduplicated = rest.lastIndexOf(DEDUPLICATED);
        if (deduplicated > 0) {
            return ofJobType("jobqueue_jobs_deduplicated", rest.substring(0, deduplicated))
                    .with("reason", labelValue(rest.substring(deduplicated + DEDUPLICATED.length())));
        }
        for (final Outcome outcome : Outcome.values()) {
            final String suffix = "." + outcome.metricName();
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                return ofJobType("jobqueue_jobs", rest.substring(0, rest.length() - suffix.length()))
                        .with("outcome", labelValue(outcome.metricName()));
            }
        }
        return generic(name);
    }

    private Series ofJobType(final String family, final String type) {
        return Series.of(family, "lane", laneOfType.apply(type), "type", type);
    }

    /** {@code <lane>.ready|delayed|in-flight} (not {@code waiting}: ready + delayed) or {@code <lane>.release-delay}. */
    private static Optional<Series> ofLane(final String name, final String rest) {
        final int dot = rest.indexOf('.');
        if (dot < 0) return Optional.of(generic(name));
        final String lane = rest.substring(0, dot);
        final String part = rest.substring(dot + 1);
        if (LANE_STATES.contains(part)) {
            return Optional.of(Series.of("jobqueue_lane_jobs", "lane", lane, "state", labelValue(part)));
        }
        if (part.equals("release-delay")) return Optional.of(Series.of("jobqueue_release_delay_seconds", "lane", lane));
        if (part.equals("waiting")) return Optional.empty();
        return Optional.of(generic(name));
    }

    /** {@code <schedule>.<what>}; a bare {@code <what>} is the sum over schedules. */
    private static Optional<Series> ofPeriodic(final String rest) {
        final int dot = rest.lastIndexOf('.');
        if (dot < 0) return Optional.empty();
        return Optional.of(Series.of(
                "jobqueue_periodic", "schedule", rest.substring(0, dot), "event", labelValue(rest.substring(dot + 1))));
    }

    private static Series ofExecutor(final String name, final String rest) {
        final int dot = rest.indexOf('.');
        if (dot < 0) return generic(name);
        final String lane = rest.substring(0, dot);
        final String part = rest.substring(dot + 1);
        if (isResultStatus(part)) {
            return Series.of("jobqueue_executor_results", "lane", lane, "status", part.toLowerCase(Locale.ROOT));
        }
        return switch (part) {
            case "duration" -> Series.of("jobqueue_executor_call_seconds", "lane", lane);
            case "start-delay" -> Series.of("jobqueue_executor_start_delay_seconds", "lane", lane);
            case "in-flight" -> Series.of("jobqueue_executor_in_flight", "lane", lane);
            case "circuit-open" -> Series.of("jobqueue_executor_circuit_open", "lane", lane);
            default ->
                EXECUTOR_COUNTERS.contains(part)
                        ? Series.of("jobqueue_executor_" + labelValue(part), "lane", lane)
                        : generic(name);
        };
    }

    private static boolean isResultStatus(final String part) {
        for (final ResultStatus status : ResultStatus.values()) {
            if (status.name().equalsIgnoreCase(part)) return true;
        }
        return false;
    }

    private static Series generic(final String name) {
        return Series.of(INVALID_CHARACTERS.matcher(name).replaceAll("_"));
    }

    /** Prometheus' habit: words joined by underscores. */
    private static String labelValue(final String dropwizardPart) {
        return dropwizardPart.replace('-', '_').replace('.', '_');
    }
}
