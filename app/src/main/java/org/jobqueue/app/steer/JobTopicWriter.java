package org.jobqueue.app.steer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.topology.config.JobQueueConfig;

/** Produces retried events to their job topics, keyed by job key, and waits until every one is acknowledged. */
final class JobTopicWriter {
    private final JobQueueConfig config;
    private final String clientId;

    JobTopicWriter(final JobQueueConfig config, final String clientId) {
        this.config = config;
        this.clientId = clientId;
    }

    // The job topics are MediaWiki's: jobqueue never creates them, and a producer would wait a minute for a missing
    // one.
    void requireTopics(final List<String> names) {
        try (Admin admin = Admin.create(SteerClients.admin(config, clientId + "-admin"))) {
            final Set<String> existing = new TopicAdmin(admin).names();
            final List<String> missing =
                    names.stream().filter(name -> !existing.contains(name)).toList();
            if (!missing.isEmpty()) {
                throw new SteerException("no such job topic: " + String.join(", ", missing)
                        + " (MediaWiki's EventBus creates them; nothing was re-enqueued)");
            }
        }
    }

    void write(final Iterable<RetryPlan.Retry> retries) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                SteerClients.writer(config, clientId), new ByteArraySerializer(), new ByteArraySerializer())) {
            final List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (final RetryPlan.Retry retry : retries) {
                sends.add(producer.send(new ProducerRecord<>(
                        retry.topic(), retry.letter().getJobKey().getBytes(StandardCharsets.UTF_8), retry.event())));
            }
            for (final Future<RecordMetadata> send : sends) send.get();
        } catch (final ExecutionException failed) {
            throw failed.getCause() instanceof KafkaException cause ? cause : new KafkaException(failed.getCause());
        } catch (final InterruptedException interrupted) {
            throw new InterruptException(interrupted);
        }
    }
}
