package org.jobqueue.app.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jobqueue.serdes.JobQueueTopics;

/** Reads and moves an application's committed offsets on a data centre's job topics, through the Admin API. */
final class OffsetRewind {
    private final Admin admin;
    private final String applicationId;

    OffsetRewind(final Admin admin, final String applicationId) {
        this.admin = admin;
        this.applicationId = applicationId;
    }

    /** Refuses while the application has live members: they would overwrite the moved offsets at their next commit. */
    void refuseWhileLive() throws InterruptedException, ExecutionException {
        final List<String> members = liveMembers();
        if (!members.isEmpty()) {
            throw new ReplayRefusedException("application '" + applicationId + "' has " + members.size()
                    + " live member" + (members.size() == 1 ? "" : "s") + " (" + String.join(", ", members)
                    + "): stop every 'jobqueue run' of this configuration first");
        }
    }

    ReplayPlan plan(final String dc, final Instant from) throws InterruptedException, ExecutionException {
        final List<TopicPartition> partitions = jobPartitions(dc);
        if (partitions.isEmpty()) {
            throw new ReplayRefusedException("no job topics of '" + dc + "' (" + dc + JobQueueTopics.JOB_TOPIC_INFIX
                    + "<type>) in this cluster: is the mirror running?");
        }
        final Map<TopicPartition, Long> atTime = offsets(partitions, OffsetSpec.forTimestamp(from.toEpochMilli()));
        final Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get();
        final List<ReplayPlan.Move> moves = new ArrayList<>();
        for (final TopicPartition partition : partitions) {
            final OffsetAndMetadata position = committed.get(partition);
            // No record at or after the time: the replay starts at the end of the partition.
            final long found = atTime.get(partition) >= 0 ? atTime.get(partition) : end.get(partition);
            moves.add(new ReplayPlan.Move(
                    partition, position == null ? null : position.offset(), found, end.get(partition)));
        }
        return new ReplayPlan(moves);
    }

    void apply(final ReplayPlan plan) throws InterruptedException, ExecutionException {
        final Map<TopicPartition, OffsetAndMetadata> offsets = plan.newOffsets();
        if (!offsets.isEmpty())
            admin.alterConsumerGroupOffsets(applicationId, offsets).all().get();
    }

    private List<String> liveMembers() throws InterruptedException, ExecutionException {
        try {
            final ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups()
                    .get(applicationId)
                    .get();
            return group.members().stream().map(OffsetRewind::describe).sorted().toList();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) return List.of();
            throw e;
        }
    }

    private static String describe(final MemberDescription member) {
        return member.clientId() + "@" + member.host();
    }

    private List<TopicPartition> jobPartitions(final String dc) throws InterruptedException, ExecutionException {
        final Collection<String> topics =
                JobQueueTopics.jobTopicsOf(dc, admin.listTopics().names().get());
        if (topics.isEmpty()) return List.of();
        final Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get();
        return descriptions.values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                .toList();
    }

    private Map<TopicPartition, Long> offsets(final List<TopicPartition> partitions, final OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        final Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)))
                .all()
                .get();
        return found.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }
}
