package org.jobqueue.serdes;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Job keys: {@code <database>|sha1|<sha1>} for a job with a sha1, else {@code <database>|id|<meta.id>}. Every copy of
 * a job (replays, sha1 duplicates) has the same key, so they all meet in one partition with the job's results.
 */
public final class JobKeys {
    private static final String SHA1 = "|sha1|";
    private static final String ID = "|id|";

    private JobKeys() {}

    public static String of(final String database, final String sha1, final String eventId) {
        return sha1 != null && !sha1.isEmpty() ? database + SHA1 + sha1 : database + ID + eventId;
    }

    public static boolean hasSha1(final String jobKey) {
        return jobKey.contains(SHA1);
    }

    /** The partition of {@code partitions} that Kafka's default partitioner gives a job key, as on jobs-by-key. */
    public static int partition(final String jobKey, final int partitions) {
        return Utils.toPositive(Utils.murmur2(jobKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The key of the root registry: roots are per wiki, so one wiki's template edit never drops another's jobs. */
    public static String root(final String database, final String signature) {
        return database + "|" + signature;
    }
}
