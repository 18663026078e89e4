package org.jobqueue.tools.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.tools.events.JobTypes;
import org.jobqueue.topology.config.ExecutorConfig;
import org.jobqueue.topology.config.FanoutConfig;
import org.jobqueue.topology.config.JobDefaults;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.LaneNames;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.config.ProcessingGuarantee;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.RetryConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.config.TypeConfig;

/**
 * The demo's configuration: data centre {@code demo}, 4 partitions, exactly-once, retries after 2 s and 4 s so that
 * failures resolve while the demo runs, and the fan-out of recursive {@code refreshLinks} (one page per leaf) and
 * {@code htmlCacheUpdate} (100 pages per leaf) jobs, as MediaWiki's {@code $wgUpdateRowsPerJob} of 300 would split them,
 * with as many low-lane executors as high-lane ones for the leaves.
 */
public final class DemoConfig {
    static final String DC = "demo";
    static final int PARTITIONS = 4;
    // The template whose edit fans out: its backlinks are seeded through the links topic before the jobs.
    static final String TEMPLATE_DATABASE = "enwiki";
    static final String TEMPLATE_TABLE = "templatelinks";
    static final int TEMPLATE_NAMESPACE = 10;
    static final String TEMPLATE_TITLE = "Infobox";
    static final FanoutConfig REFRESH_LINKS_FANOUT = new FanoutConfig(300, 1);
    static final FanoutConfig HTML_CACHE_UPDATE_FANOUT = new FanoutConfig(300, 100);
    static final RetryConfig RETRY = new RetryConfig(2, Duration.ofSeconds(2), 2.0);
    // A Wikidata-like schedule, to show periodic jobs firing while the demo runs.
    static final String PERIODIC_SCHEDULE = "dispatchChanges";
    static final Duration PERIODIC_EVERY = Duration.ofSeconds(10);
    static final List<String> PERIODIC_WIKIS = List.of("wikidatawiki", "testwikidatawiki");
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration EXECUTOR_TIMEOUT = Duration.ofSeconds(30);
    // The template edit floods the low lane with leaves: run as many of them at once as of the high lane.
    private static final Map<String, Integer> EXECUTOR_CONCURRENCY =
            Map.of(LaneNames.HIGH, 40, LaneNames.NORMAL, 20, LaneNames.LOW, 40);
    // A type capped below its lane's concurrency, as production caps its heavy types: htmlCacheUpdate's leaves keep
    // the other 10 calls of the low lane.
    private static final int REFRESH_LINKS_CONCURRENCY = 30;

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
                new ExecutorConfig(endpoint, EXECUTOR_TIMEOUT, null, EXECUTOR_CONCURRENCY),
                new JobDefaults(LaneNames.NORMAL, RETRY, null),
                types(),
                Map.of(
                        PERIODIC_SCHEDULE,
                        new PeriodicConfig(
                                "wikibaseDispatchChanges",
                                PERIODIC_WIKIS,
                                PERIODIC_EVERY,
                                null,
                                Map.of("maxChunks", 10),
                                null,
                                null)));
    }

    /** The topic MediaWiki would write {@code type}'s jobs to in the demo's data centre. */
    static String jobTopic(final String type) {
        return DC + ".mediawiki.job." + type;
    }

    /** The topic backlink changes go to in the demo's data centre. */
    static String linksTopic() {
        return new JobQueueTopics(DC, List.of(DC)).links().name();
    }

    /** The leaf jobs a recursive job of {@code type} becomes over {@code backlinks} backlinks. */
    static long leavesOf(final String type, final long backlinks) {
        final FanoutConfig fanout =
                JobTypes.REFRESH_LINKS.equals(type) ? REFRESH_LINKS_FANOUT : HTML_CACHE_UPDATE_FANOUT;
        return (backlinks + fanout.pagesPerJob() - 1) / fanout.pagesPerJob();
    }

    // enotifNotify is left out on purpose: it gets the default priority, normal.
    private static Map<String, TypeConfig> types() {
        return Map.of(
                JobTypes.CDN_PURGE, lane(LaneNames.HIGH, null, null),
                JobTypes.REFRESH_LINKS, lane(LaneNames.LOW, REFRESH_LINKS_FANOUT, REFRESH_LINKS_CONCURRENCY),
                JobTypes.HTML_CACHE_UPDATE, lane(LaneNames.LOW, HTML_CACHE_UPDATE_FANOUT, null));
    }

    private static TypeConfig lane(final String priority, final FanoutConfig fanout, final Integer concurrency) {
        return new TypeConfig(priority, null, null, null, fanout, concurrency, null, null, null);
    }
}
