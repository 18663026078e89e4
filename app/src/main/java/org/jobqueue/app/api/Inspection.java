package org.jobqueue.app.api;

import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jobqueue.app.api.LocalPartitions.Answer;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.topology.config.LaneNames;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.inspect.JobView;
import org.jobqueue.topology.inspect.ListedJob;
import org.jobqueue.topology.inspect.ListedState;
import org.jobqueue.topology.inspect.Listing;
import org.jobqueue.topology.inspect.PartitionView;
import org.jobqueue.topology.inspect.PeriodicFiring;
import org.jobqueue.topology.inspect.TypeDepth;

/**
 * The deployment-wide read queries of the API: queue depth, a job's lookup and a listing, each gathered from the
 * partitions' owners ({@link Deployment}) and merged. Every answer says which partitions did not answer and why.
 */
final class Inspection {
    static final int MAX_LIMIT = 1000;
    static final int SCAN_BUDGET = 100_000;
    private static final TypeFactory TYPES = ApiJson.MAPPER.getTypeFactory();

    private final Deployment deployment;

    Inspection(final Deployment deployment) {
        this.deployment = deployment;
    }

    /** Per lane and type (and database, when one is given), summed over the deployment. */
    QueueAnswer queue(final String type, final String database, final long now) {
        final List<Answer<List<TypeDepth>>> answers = deployment.gather(
                deployment.allPartitions(),
                view -> view.depth(type, database, now),
                "queue",
                params("type", type, "database", database),
                TYPES.constructCollectionType(List.class, TypeDepth.class));
        return new QueueAnswer(envelope(answers), DepthRow.sum(found(answers), now));
    }

    /** The job {@code id}: an event id, {@code sha1:<hex>} with its database, or a job key. */
    JobAnswer job(final String id, final String database, final long now) {
        final String jobKey = jobKeyOf(id, database);
        final List<Answer<JobView>> answers = jobKey == null
                ? deployment.gather(
                        deployment.allPartitions(),
                        view -> view.byEventId(id, now).orElse(null),
                        "jobs/" + Deployment.encode(id),
                        Map.of(),
                        TYPES.constructType(JobView.class))
                : deployment.gather(
                        List.of(deployment.partitionOf(jobKey)),
                        view -> view.byJobKey(jobKey, now).orElse(null),
                        "jobs/" + Deployment.encode(id),
                        params("database", database),
                        TYPES.constructType(JobView.class));
        final Optional<JobView> job =
                answers.stream().flatMap(answer -> answer.found().stream()).findFirst();
        return new JobAnswer(envelope(answers), job.<Object>map(found -> found).orElse(Unknown.of(id)));
    }

    /** The first {@code limit} jobs of {@code type} in {@code state}, oldest first, over the deployment. */
    ListAnswer list(final String type, final ListedState state, final int limit) {
        final List<Answer<Listing>> answers = deployment.gather(
                deployment.allPartitions(),
                view -> view.list(type, state, limit, SCAN_BUDGET),
                "jobs",
                params("type", type, "state", state.text(), "limit", Integer.toString(limit)),
                TYPES.constructType(Listing.class));
        final List<Listing> listings = found(answers);
        final List<ListedJob> jobs = listings.stream()
                .flatMap(listing -> listing.jobs().stream())
                .sorted(Comparator.comparingLong(ListedJob::sinceMs))
                .limit(limit)
                .toList();
        final boolean truncated = listings.stream().anyMatch(Listing::truncated);
        return new ListAnswer(envelope(answers), truncated, jobs);
    }

    /**
     * What each periodic schedule last did per wiki, over the deployment: the marks as they are ({@code firings}), and
     * a row per configured schedule and wiki with its next period ({@code schedules}); none when none is configured.
     */
    PeriodicAnswer periodic(final long now) {
        final Map<String, PeriodicConfig> schedules = deployment.schedules();
        if (schedules.isEmpty()) return new PeriodicAnswer(envelope(List.of()), List.of(), List.of());
        final List<Answer<List<PeriodicFiring>>> answers = deployment.gather(
                deployment.allPartitions(),
                PartitionView::periodic,
                "periodic",
                Map.of(),
                TYPES.constructCollectionType(List.class, PeriodicFiring.class));
        final List<PeriodicFiring> firings = found(answers).stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparing(PeriodicFiring::schedule).thenComparing(PeriodicFiring::wiki))
                .toList();
        return new PeriodicAnswer(envelope(answers), firings, ScheduleRow.of(schedules, firings, now));
    }

    /** The job key an id names, or null for an event id (whose partition is unknown: every partition is asked). */
    static String jobKeyOf(final String id, final String database) {
        if (id.startsWith("sha1:")) {
            if (database == null) throw new IllegalArgumentException("a sha1 needs its database (?database=)");
            return JobKeys.of(database, id.substring("sha1:".length()), null);
        }
        return id.contains("|") ? id : null;
    }

    private Envelope envelope(final List<? extends Answer<?>> answers) {
        final List<Missing> missing = answers.stream()
                .filter(Answer::unanswered)
                .map(answer -> new Missing(answer.partition(), answer.missing()))
                .toList();
        final Map<String, List<Integer>> instances = new TreeMap<>();
        answers.stream()
                .filter(answer -> answer.instance() != null)
                .forEach(answer -> instances
                        .computeIfAbsent(answer.instance(), instance -> new ArrayList<>())
                        .add(answer.partition()));
        return new Envelope(missing.isEmpty(), deployment.partitions(), missing, instances);
    }

    private static <T> List<T> found(final List<Answer<T>> answers) {
        return answers.stream().flatMap(answer -> answer.found().stream()).toList();
    }

    static Map<String, String> params(final String... namesAndValues) {
        final Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    /**
     * Whether every partition answered, how many there are, which did not answer and why, and which instance answered
     * for which partitions.
     */
    record Envelope(boolean complete, int partitions, List<Missing> missing, Map<String, List<Integer>> instances) {}

    record Missing(int partition, String reason) {}

    record QueueAnswer(
            boolean complete,
            int partitions,
            List<Missing> missing,
            Map<String, List<Integer>> instances,
            List<DepthRow> types) {
        QueueAnswer(final Envelope envelope, final List<DepthRow> types) {
            this(envelope.complete(), envelope.partitions(), envelope.missing(), envelope.instances(), types);
        }
    }

    record JobAnswer(
            boolean complete, int partitions, List<Missing> missing, Map<String, List<Integer>> instances, Object job) {
        JobAnswer(final Envelope envelope, final Object job) {
            this(envelope.complete(), envelope.partitions(), envelope.missing(), envelope.instances(), job);
        }

        boolean found() {
            return !(job instanceof Unknown);
        }
    }

    record ListAnswer(
            boolean complete,
            int partitions,
            List<Missing> missing,
            Map<String, List<Integer>> instances,
            boolean truncated,
            List<ListedJob> jobs) {
        ListAnswer(final Envelope envelope, final boolean truncated, final List<ListedJob> jobs) {
            this(envelope.complete(), envelope.partitions(), envelope.missing(), envelope.instances(), truncated, jobs);
        }
    }

    record PeriodicAnswer(
            boolean complete,
            int partitions,
            List<Missing> missing,
            Map<String, List<Integer>> instances,
            List<PeriodicFiring> firings,
            List<ScheduleRow> schedules) {
        PeriodicAnswer(final Envelope envelope, final List<PeriodicFiring> firings, final List<ScheduleRow> schedules) {
            this(
                    envelope.complete(),
                    envelope.partitions(),
                    envelope.missing(),
                    envelope.instances(),
                    firings,
                    schedules);
        }
    }

    /** What a lookup answers for an id that no partition knows. */
    record Unknown(String id, String state) {
        static Unknown of(final String id) {
            return new Unknown(id, "unknown");
        }
    }

    /** One line of the queue's depth: the partitions' counts summed, and the age of the oldest ready job. */
    record DepthRow(
            String lane,
            String type,
            String database,
            long ready,
            long delayed,
            long inFlight,
            long held,
            Long oldestReadyAgeMs) {

        static List<DepthRow> sum(final List<List<TypeDepth>> partitions, final long now) {
            final Map<List<String>, TypeDepth> sums = new LinkedHashMap<>();
            partitions.stream()
                    .flatMap(List::stream)
                    .forEach(depth -> sums.merge(
                            Arrays.asList(depth.lane(), depth.type(), depth.database()), depth, DepthRow::plus));
            final List<DepthRow> rows = new ArrayList<>();
            sums.values()
                    .forEach(depth -> rows.add(new DepthRow(
                            depth.lane(),
                            depth.type(),
                            depth.database(),
                            depth.ready(),
                            depth.delayed(),
                            depth.inFlight(),
                            depth.held(),
                            depth.oldestReadyAt() == null ? null : Math.max(0, now - depth.oldestReadyAt()))));
            rows.sort(Comparator.comparing(DepthRow::lane, LaneNames.RELEASE_ORDER)
                    .thenComparing(DepthRow::type)
                    .thenComparing(row -> row.database() == null ? "" : row.database()));
            return rows;
        }

        private static TypeDepth plus(final TypeDepth a, final TypeDepth b) {
            final Long oldest = a.oldestReadyAt() == null
                    ? b.oldestReadyAt()
                    : b.oldestReadyAt() == null ? a.oldestReadyAt() : Math.min(a.oldestReadyAt(), b.oldestReadyAt());
            return new TypeDepth(
                    a.lane(),
                    a.type(),
                    a.database(),
                    a.ready() + b.ready(),
                    a.delayed() + b.delayed(),
                    a.inFlight() + b.inFlight(),
                    a.held() + b.held(),
                    oldest);
        }
    }
}
