package org.jobqueue.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;
import org.apache.kafka.connect.mirror.MirrorMaker;

/**
 * Kafka's MirrorMaker 2, in this JVM, mirroring each data centre's job topics and results to the other cluster under
 * their own names ({@link IdentityReplicationPolicy}: the DC prefix is already in every name), partition for partition,
 * timestamps and headers kept.
 */
public final class Mirror implements AutoCloseable {
    private final Map<String, KafkaClusterExtension> clusters;
    private final MirrorMaker mirrorMaker;

    public Mirror(final Map<String, KafkaClusterExtension> clusters) {
        this.clusters = Map.copyOf(clusters);
        this.mirrorMaker = new MirrorMaker(properties(clusters), List.copyOf(clusters.keySet()));
        mirrorMaker.start();
    }

    private static Map<String, String> properties(final Map<String, KafkaClusterExtension> clusters) {
        final Map<String, String> props = new HashMap<>();
        props.put("clusters", String.join(",", clusters.keySet()));
        props.put("replication.policy.class", IdentityReplicationPolicy.class.getName());
        props.put("refresh.topics.interval.seconds", "2");
        // The connectors are on the class path with their ServiceLoader manifests: scanning every jar takes half a
        // minute.
        props.put("plugin.discovery", "service_load");
        props.put("sync.topic.configs.enabled", "false");
        props.put("sync.topic.acls.enabled", "false");
        props.put("emit.checkpoints.enabled", "false");
        props.put("emit.heartbeats.enabled", "false");
        props.put("sync.group.offsets.enabled", "false");
        props.put("offset.lag.max", "0");
        for (final String internal : List.of(
                "replication.factor",
                "offset-syncs.topic.replication.factor",
                "checkpoints.topic.replication.factor",
                "heartbeats.topic.replication.factor",
                "config.storage.replication.factor",
                "offset.storage.replication.factor",
                "status.storage.replication.factor")) {
            props.put(internal, "1");
        }
        clusters.forEach((dc, cluster) -> props.put(dc + ".bootstrap.servers", cluster.bootstrapServers()));
        for (final String source : clusters.keySet()) {
            for (final String target : clusters.keySet()) {
                if (source.equals(target)) continue;
                final String flow = source + "->" + target;
                props.put(flow + ".enabled", "true");
                props.put(flow + ".topics", source + "\\.mediawiki\\.job\\..*|" + source + "\\.jobqueue\\.results");
                props.put(flow + ".producer.linger.ms", "5");
            }
        }
        return props;
    }

    /** Waits until {@code topics} of {@code source} are in {@code target} with as many records, partition for partition. */
    public void awaitCaughtUp(
            final String source, final String target, final List<String> topics, final Duration timeout) {
        await("the mirror " + source + " -> " + target + " caught up on " + topics)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> endOffsets(clusters.get(source).admin(), topics)
                        .equals(endOffsets(clusters.get(target).admin(), topics)));
    }

    /** How many records {@code topic} holds in {@code cluster} (no transaction markers in mirrored topics). */
    public static long records(final KafkaClusterExtension cluster, final String topic) throws Exception {
        return endOffsets(cluster.admin(), List.of(topic)).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final List<String> topics) throws Exception {
        if (!admin.listTopics().names().get().containsAll(topics)) return Map.of();
        final Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get();
        final Map<TopicPartition, OffsetSpec> latest = described.values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    @Override
    public void close() {
        mirrorMaker.stop();
        mirrorMaker.awaitStop();
    }
}
