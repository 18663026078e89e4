package org.jobqueue.app.steer;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.app.kafka.TopicToEnd;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.config.JobQueueConfig;

/** The compacted control topic ({@code <dc>.jobqueue.control}): the rules in force, and writing or removing one. */
final class ControlTopic {
    private final JobQueueConfig config;
    private final Topic<String, ControlRule> topic;
    private final String clientId;

    ControlTopic(final JobQueueConfig config, final String clientId) {
        this.config = config;
        this.topic = config.topicRegistry().control();
        this.clientId = clientId;
    }

    String name() {
        return topic.name();
    }

    /** The current rules by key (the latest value of each key, tombstones applied), in key order. */
    SortedMap<String, ControlRule> rules() {
        final Deserializer<String> keys = topic.keySerde().deserializer();
        final Deserializer<ControlRule> values = topic.valueSerde().deserializer();
        final SortedMap<String, ControlRule> rules = new TreeMap<>();
        new TopicToEnd(config, clientId).read(topic.name(), record -> {
            final String key = keys.deserialize(topic.name(), record.key());
            if (record.value() == null) {
                rules.remove(key);
            } else {
                rules.put(key, values.deserialize(topic.name(), record.value()));
            }
        });
        return rules;
    }

    /** Writes {@code rule} under {@code key}, or with {@code rule} null the tombstone that removes the key's rule. */
    void write(final String key, final ControlRule rule) {
        ensureTopic();
        final Serializer<String> keys = topic.keySerde().serializer();
        final Serializer<ControlRule> values = topic.valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                SteerClients.writer(config, clientId), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic.name(),
                            keys.serialize(topic.name(), key),
                            rule == null ? null : values.serialize(topic.name(), rule)))
                    .get();
        } catch (final ExecutionException failed) {
            throw failed.getCause() instanceof KafkaException cause ? cause : new KafkaException(failed.getCause());
        } catch (final InterruptedException interrupted) {
            throw new InterruptException(interrupted);
        }
    }

    // An instance creates the topic at start-up; a rule written before the first start needs it created alike.
    private void ensureTopic() {
        try (Admin admin = Admin.create(SteerClients.admin(config, clientId + "-admin"))) {
            new TopicAdmin(admin)
                    .createMissing(List.of(TopicAdmin.withConfigs(
                            TopicAdmin.newTopic(topic.name(), config.topics()),
                            Map.of(
                                    TopicConfig.CLEANUP_POLICY_CONFIG,
                                    TopicConfig.CLEANUP_POLICY_COMPACT,
                                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                    Integer.toString(config.queue().maxRecordBytes())))));
        }
    }
}
