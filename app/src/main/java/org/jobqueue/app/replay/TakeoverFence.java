package org.jobqueue.app.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.serdes.Fences;
import org.jobqueue.topology.config.TopicsConfig;

/**
 * Appends a takeover fence (see {@link Fences}) to every partition of another DC's mirrored results topic in this
 * cluster, after every result mirrored so far: each queue partition runs that DC's jobs created up to the takeover
 * only once it has read the results before the fence.
 */
final class TakeoverFence {
    private final Admin admin;
    private final Map<String, Object> producerProperties;

    TakeoverFence(final Admin admin, final Map<String, Object> producerProperties) {
        this.admin = admin;
        this.producerProperties = producerProperties;
    }

    /** Writes the fence; returns how many partitions it went to. */
    int write(final String resultsTopic, final Instant takeover, final TopicsConfig topics)
            throws InterruptedException, ExecutionException {
        final int partitions = ensureTopic(resultsTopic, topics);
        final Header header = Fences.header(takeover.toEpochMilli());
        final String dc = resultsTopic.substring(0, resultsTopic.indexOf('.'));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer())) {
            final List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                final ProducerRecord<String, byte[]> fence = new ProducerRecord<>(
                        resultsTopic, partition, takeover.toEpochMilli(), Fences.key(dc), null, List.of(header));
                sends.add(producer.send(fence));
            }
            for (final Future<RecordMetadata> send : sends) send.get();
        }
        return partitions;
    }

    private int ensureTopic(final String name, final TopicsConfig topics) {
        final TopicAdmin cluster = new TopicAdmin(admin);
        cluster.createMissing(List.of(TopicAdmin.newTopic(name, topics)));
        return cluster.describe(name).partitions().size();
    }
}
