package org.jobqueue.app.links;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jobqueue.app.config.KafkaClientProperties;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * The Kafka client properties of the links importer. The user's {@code kafka} map is shared with Kafka Streams, so only
 * the names a producer (or admin client) understands are kept, then those with Streams' {@code producer.} (or
 * {@code admin.}) prefix. The producer is tuned for bulk loading (large batches, a short linger, lz4 or zstd when the
 * codec is on the class path), which the user's map may override, and is idempotent with {@code acks=all}, which it may
 * not.
 */
public final class LinkClientProperties {
    static final int BATCH_BYTES = 256 * 1024;
    static final int LINGER_MS = 20;
    private static final String PRODUCER_PREFIX = "producer.";
    private static final String ADMIN_PREFIX = "admin.";
    private static final String CLIENT_ID = "jobqueue-links-import";

    private LinkClientProperties() {}

    /** The producer's properties for {@code config}. */
    public static Map<String, Object> producer(final JobQueueConfig config) {
        final Map<String, Object> properties = bulkDefaults();
        properties.putAll(KafkaClientProperties.of(config.kafka(), ProducerConfig.configNames(), PRODUCER_PREFIX));
        return guaranteed(properties);
    }

    /** The producer's properties for a cluster at {@code bootstrapServers}, with jobqueue's settings only. */
    public static Map<String, Object> producer(final String bootstrapServers, final String clientId) {
        final Map<String, Object> properties = bulkDefaults();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return guaranteed(properties);
    }

    public static Map<String, Object> admin(final JobQueueConfig config) {
        final Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-admin");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        properties.putAll(KafkaClientProperties.of(config.kafka(), AdminClientConfig.configNames(), ADMIN_PREFIX));
        return properties;
    }

    /** The codec the producer uses: lz4, else zstd, whichever loads first; none if neither does. */
    public static String compression() {
        if (loads("net.jpountz.lz4.LZ4Factory")) return "lz4";
        if (loads("com.github.luben.zstd.Zstd")) return "zstd";
        return "none";
    }

    private static Map<String, Object> bulkDefaults() {
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression());
        return properties;
    }

    private static Map<String, Object> guaranteed(final Map<String, Object> properties) {
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }

    // Initialising the class loads the codec's native library, which is what can fail.
    private static boolean loads(final String className) {
        try {
            Class.forName(className, true, LinkClientProperties.class.getClassLoader());
            return true;
        } catch (final ClassNotFoundException | LinkageError missing) {
            return false;
        }
    }
}
