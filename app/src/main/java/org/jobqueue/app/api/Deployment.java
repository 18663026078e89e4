package org.jobqueue.app.api;

import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.api.LocalPartitions.Answer;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.topology.JobQueueTopology;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.inspect.PartitionView;
import org.jobqueue.topology.queue.state.QueueStores;

/**
 * The queue partitions of the whole deployment: which instance owns each (Kafka Streams' metadata, from every
 * instance's {@code application.server}), and a query of some of them answered by this instance for its own and
 * forwarded to the owners of the others ({@code GET /api/local/...}), in parallel.
 */
final class Deployment {
    static final String LOCAL_PREFIX = "/api/local/";
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final JobQueueConfig config;
    private final HostInfo self;
    private final LocalPartitions local;
    private final HttpClient http;

    Deployment(final KafkaStreams streams, final JobQueueConfig config, final HostInfo self) {
        this.streams = streams;
        this.config = config;
        this.self = self;
        this.local = new LocalPartitions(streams, config);
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    int partitions() {
        return config.topics().partitions();
    }

    /** The queue partition of a job key: the default partitioner's, which wrote the jobs-by-key topic. */
    int partitionOf(final String jobKey) {
        return JobKeys.partition(jobKey, partitions());
    }

    Map<String, PeriodicConfig> schedules() {
        return config.periodic();
    }

    List<Integer> allPartitions() {
        final List<Integer> all = new ArrayList<>();
        for (int partition = 0; partition < partitions(); partition++) all.add(partition);
        return all;
    }

    /**
     * {@code read} over {@code partitions}: this instance's own partitions read here, the others' asked of their owners
     * at {@code /api/local/<path>} with {@code params}, whose answers have the JSON type {@code bodyType}.
     */
    <T> List<Answer<T>> gather(
            final Collection<Integer> partitions,
            final Function<PartitionView, T> read,
            final String path,
            final Map<String, String> params,
            final JavaType bodyType) {
        final Map<Integer, HostInfo> owners = owners();
        final Map<HostInfo, List<Integer>> byOwner =
                partitions.stream().filter(owners::containsKey).collect(Collectors.groupingBy(owners::get));
        final List<Answer<T>> answers = new ArrayList<>();
        partitions.stream()
                .filter(partition -> !owners.containsKey(partition))
                .forEach(partition -> answers.add(Answer.missing(partition, "unassigned")));
        final List<CompletableFuture<List<Answer<T>>>> asked = new ArrayList<>();
        byOwner.forEach((owner, owned) -> {
            if (owner.equals(self)) {
                owned.forEach(partition -> answers.add(readLocal(partition, read)));
            } else {
                asked.add(ask(owner, owned, path, params, bodyType));
            }
        });
        asked.forEach(answer -> answers.addAll(answer.join()));
        answers.sort(Comparator.comparingInt(Answer::partition));
        return answers;
    }

    /** {@code read} over {@code partitions} of this instance alone, for a peer's {@code /api/local/...}. */
    <T> List<Answer<T>> readLocal(final Collection<Integer> partitions, final Function<PartitionView, T> read) {
        return partitions.stream().map(partition -> readLocal(partition, read)).toList();
    }

    private <T> Answer<T> readLocal(final int partition, final Function<PartitionView, T> read) {
        final Answer<T> answer = local.read(partition, read);
        if (answer.unanswered() && !ownsActive(partition)) return Answer.missing(partition, "moved");
        return answer.from(self.host() + ":" + self.port());
    }

    private <T> CompletableFuture<List<Answer<T>>> ask(
            final HostInfo owner,
            final List<Integer> partitions,
            final String path,
            final Map<String, String> params,
            final JavaType bodyType) {
        final HttpRequest request = HttpRequest.newBuilder(uri(owner, path, partitions, params))
                .timeout(PEER_TIMEOUT)
                .GET()
                .build();
        final JavaType answersType = ApiJson.MAPPER
                .getTypeFactory()
                .constructCollectionType(
                        List.class, ApiJson.MAPPER.getTypeFactory().constructParametricType(Answer.class, bodyType));
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> this.<T>answersOf(response, owner, partitions, answersType))
                .exceptionally(failure -> unreachable(owner, partitions, "unreachable"));
    }

    private <T> List<Answer<T>> answersOf(
            final HttpResponse<byte[]> response,
            final HostInfo owner,
            final List<Integer> partitions,
            final JavaType answersType) {
        if (response.statusCode() != 200) return unreachable(owner, partitions, "answered " + response.statusCode());
        try {
            return ApiJson.MAPPER.readValue(response.body(), answersType);
        } catch (final IOException unreadable) {
            return unreachable(owner, partitions, "gave an unreadable answer");
        }
    }

    private static <T> List<Answer<T>> unreachable(
            final HostInfo owner, final List<Integer> partitions, final String why) {
        final String reason = "instance " + owner.host() + ":" + owner.port() + " " + why;
        return partitions.stream()
                .map(partition -> Answer.<T>missing(partition, reason))
                .toList();
    }

    private static URI uri(
            final HostInfo owner, final String path, final List<Integer> partitions, final Map<String, String> params) {
        final StringBuilder query = new StringBuilder("partitions=")
                .append(partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
        params.forEach((name, value) -> {
            if (value != null) query.append('&').append(name).append('=').append(encode(value));
        });
        return URI.create("http://" + owner.host() + ":" + owner.port() + LOCAL_PREFIX + path + "?" + query);
    }

    static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The instance that owns each queue partition as active, by the group's last assignment. */
    private Map<Integer, HostInfo> owners() {
        final String byKey = repartitionTopic();
        final Map<Integer, HostInfo> owners = new TreeMap<>();
        for (final StreamsMetadata instance : streams.streamsMetadataForStore(QueueStores.WAITING)) {
            for (final TopicPartition partition : instance.topicPartitions()) {
                if (partition.topic().equals(byKey)) owners.put(partition.partition(), instance.hostInfo());
            }
        }
        return owners;
    }

    private boolean ownsActive(final int partition) {
        final TopicPartition owned = new TopicPartition(repartitionTopic(), partition);
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .anyMatch(task -> task.topicPartitions().contains(owned));
    }

    private String repartitionTopic() {
        return JobQueueTopology.queuePartitionsTopic(config);
    }

    /**
     * {@code here} of this instance and {@code /api/local/<path>} of every other instance of the deployment (Kafka
     * Streams' metadata), asked in parallel; an instance that does not answer is a reply with the reason.
     */
    <T> List<Reply<T>> everyInstance(final Supplier<T> here, final String path, final JavaType bodyType) {
        final List<CompletableFuture<Reply<T>>> asked = new ArrayList<>();
        for (final StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (!instance.hostInfo().equals(self)) asked.add(askOne(instance.hostInfo(), path, bodyType));
        }
        final List<Reply<T>> replies = new ArrayList<>();
        replies.add(new Reply<>(name(self), here.get(), null));
        asked.forEach(reply -> replies.add(reply.join()));
        replies.sort(Comparator.comparing(Reply::instance));
        return replies;
    }

    private <T> CompletableFuture<Reply<T>> askOne(final HostInfo owner, final String path, final JavaType bodyType) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + name(owner) + LOCAL_PREFIX + path))
                .timeout(PEER_TIMEOUT)
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> this.<T>replyOf(response, owner, bodyType))
                .exceptionally(failure -> new Reply<>(name(owner), null, "unreachable"));
    }

    private <T> Reply<T> replyOf(final HttpResponse<byte[]> response, final HostInfo owner, final JavaType bodyType) {
        if (response.statusCode() != 200) return new Reply<>(name(owner), null, "answered " + response.statusCode());
        try {
            return new Reply<>(name(owner), ApiJson.MAPPER.readValue(response.body(), bodyType), null);
        } catch (final IOException unreadable) {
            return new Reply<>(name(owner), null, "gave an unreadable answer");
        }
    }

    private static String name(final HostInfo instance) {
        return instance.host() + ":" + instance.port();
    }

    /** One instance's answer ({@code body}), or why it gave none ({@code missing}). */
    record Reply<T>(String instance, T body, String missing) {}
}
