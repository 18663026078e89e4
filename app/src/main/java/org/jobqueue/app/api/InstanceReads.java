package org.jobqueue.app.api;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.jobqueue.app.rates.CounterSampler;
import org.jobqueue.app.rates.RateSeries;

/**
 * What each instance says of itself ({@code /api/local/instance}, {@code /api/local/rates}) and the same gathered from
 * every instance of the deployment ({@code /api/instances}, {@code /api/rates}, the rates summed).
 */
final class InstanceReads {
    private static final String STANDBY_LAG = "jobqueue.standby.lag";

    private final Deployment deployment;
    private final KafkaStreams streams;
    private final String queueTopic;
    private final String self;
    private final Supplier<List<String>> notReady;
    private final MetricRegistry registry;
    private final CounterSampler sampler;

    InstanceReads(
            final Deployment deployment,
            final KafkaStreams streams,
            final String queueTopic,
            final String self,
            final Supplier<List<String>> notReady,
            final MetricRegistry registry,
            final CounterSampler sampler) {
        this.deployment = deployment;
        this.streams = streams;
        this.queueTopic = queueTopic;
        this.self = self;
        this.notReady = notReady;
        this.registry = registry;
        this.sampler = sampler;
    }

    InstanceStatus status() {
        final List<String> reasons = notReady.get();
        return new InstanceStatus(
                self,
                streams.state().name(),
                reasons.isEmpty(),
                reasons,
                partitions(ThreadMetadata::activeTasks),
                partitions(ThreadMetadata::standbyTasks),
                standbyLag());
    }

    RateSeries rates() {
        return sampler.series();
    }

    List<InstanceStatus> everyStatus() {
        return deployment
                .everyInstance(
                        this::status,
                        "instance",
                        ApiJson.MAPPER.getTypeFactory().constructType(InstanceStatus.class))
                .stream()
                .map(reply -> reply.body() != null
                        ? reply.body()
                        : InstanceStatus.unreachable(reply.instance(), reply.missing()))
                .toList();
    }

    RatesAnswer everyRate() {
        final List<Deployment.Reply<RateSeries>> replies = deployment.everyInstance(
                this::rates, "rates", ApiJson.MAPPER.getTypeFactory().constructType(RateSeries.class));
        final List<RateSeries> answered = replies.stream()
                .filter(reply -> reply.body() != null)
                .map(Deployment.Reply::body)
                .toList();
        final RateSeries sum = RateSeries.sum(CounterSampler.INTERVAL.toMillis(), answered);
        final List<String> missing = replies.stream()
                .filter(reply -> reply.body() == null)
                .map(reply -> reply.instance() + " " + reply.missing())
                .toList();
        return new RatesAnswer(answered.size(), missing, sum.intervalMs(), sum.timesMs(), sum.counts());
    }

    private List<Integer> partitions(final Function<ThreadMetadata, Set<TaskMetadata>> tasks) {
        final Set<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().stream()
                .flatMap(thread -> tasks.apply(thread).stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(queueTopic))
                .forEach(partition -> partitions.add(partition.partition()));
        return List.copyOf(partitions);
    }

    private long standbyLag() {
        final Gauge<?> lag = registry.getGauges().get(STANDBY_LAG);
        return lag != null && lag.getValue() instanceof Number number ? number.longValue() : 0;
    }

    /** The rates of the whole deployment: how many instances answered, which did not, and their series summed. */
    record RatesAnswer(
            int instances, List<String> missing, long intervalMs, List<Long> timesMs, Map<String, List<Long>> counts) {}
}
