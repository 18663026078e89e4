package org.jobqueue.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.steer.SteerClients;
import org.jobqueue.topology.config.JobQueueConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces an instance's admin address on the compacted {@code <dc>.jobqueue.instances} topic, so that the commands
 * that look inside the queue find the deployment from the configuration alone; withdraws it (a tombstone) when the
 * instance stops. An instance killed leaves its announcement: the commands skip an address that does not answer.
 */
public final class Announcer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String key;

    private Announcer(final KafkaProducer<String, String> producer, final String topic, final String key) {
        this.producer = producer;
        this.topic = topic;
        this.key = key;
    }

    /** Announces {@code self}, whose admin server is {@code adminUrl}. */
    public static Announcer announce(final JobQueueConfig config, final HostInfo self, final String adminUrl) {
        final String key = self.host() + ":" + self.port();
        final KafkaProducer<String, String> producer = new KafkaProducer<>(
                SteerClients.writer(config, config.applicationId() + "-announcer-" + key),
                new StringSerializer(),
                new StringSerializer());
        final Announcer announcer =
                new Announcer(producer, config.topicRegistry().instances().name(), key);
        announcer.send(announcement(config, adminUrl));
        log.info("Announced admin {} on {}", adminUrl, announcer.topic);
        return announcer;
    }

    private static String announcement(final JobQueueConfig config, final String adminUrl) {
        final Map<String, String> value = new LinkedHashMap<>();
        value.put("admin", adminUrl);
        value.put("application_id", config.applicationId());
        value.put("started_at", Instant.now().toString());
        try {
            return ApiJson.MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void send(final String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException failed) {
            log.warn("Could not write to {}: the commands may not find this instance", topic, failed);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        send(null);
        producer.close();
    }
}
