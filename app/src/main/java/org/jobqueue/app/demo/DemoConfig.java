package org.jobqueue.app.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jobqueue.schemas.Priority;
import org.jobqueue.topology.config.ExecutorConfig;
import org.jobqueue.topology.config.JobDefaults;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.ProcessingGuarantee;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.RetryConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.config.TypeConfig;

/**
 * The demo's configuration: data centre {@code demo}, 4 partitions, exactly-once, and retries after 2 s and 4 s so
 * that failures resolve while the demo runs.
 */
final class DemoConfig {
    static final String DC = "demo";
    static final int PARTITIONS = 4;
    static final String CDN_PURGE = "cdnPurge";
    static final String REFRESH_LINKS = "refreshLinks";
    static final String HTML_CACHE_UPDATE = "htmlCacheUpdate";
    static final String ENOTIF_NOTIFY = "enotifNotify";
    static final List<String> TYPES = List.of(CDN_PURGE, REFRESH_LINKS, HTML_CACHE_UPDATE, ENOTIF_NOTIFY);
    static final RetryConfig RETRY = new RetryConfig(2, Duration.ofSeconds(2), 2.0);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration EXECUTOR_TIMEOUT = Duration.ofSeconds(30);

    private DemoConfig() {}

    static JobQueueConfig of(final String bootstrapServers, final URI endpoint, final Path stateDir) {
        return new JobQueueConfig(
                DC,
                null,
                null,
                Map.of("bootstrap.servers", bootstrapServers),
                stateDir.toString(),
                ProcessingGuarantee.EXACTLY_ONCE_V2,
                new TopicsConfig(PARTITIONS, (short) 1),
                new QueueConfig(null, null, null, TICK, null, null),
                new ExecutorConfig(endpoint, EXECUTOR_TIMEOUT, null, null),
                new JobDefaults(Priority.normal, RETRY, null),
                types());
    }

    /** The topic MediaWiki would write {@code type}'s jobs to in the demo's data centre. */
    static String jobTopic(final String type) {
        return DC + ".mediawiki.job." + type;
    }

    // enotifNotify is left out on purpose: it gets the default priority, normal.
    private static Map<String, TypeConfig> types() {
        return Map.of(
                CDN_PURGE, lane(Priority.high),
                REFRESH_LINKS, lane(Priority.low),
                HTML_CACHE_UPDATE, lane(Priority.low));
    }

    private static TypeConfig lane(final Priority priority) {
        return new TypeConfig(priority, null, null, null, null);
    }
}
