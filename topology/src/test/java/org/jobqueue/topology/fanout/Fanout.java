package org.jobqueue.topology.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.jobqueue.schemas.BacklinkSource;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.FanoutConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.TypeConfig;

/**
 * What the fan-out tests share: configurations, a feed of the links topic, and the leaves read back from the command
 * topics as the executor would see them.
 */
final class Fanout {
    static final Duration TICK = Duration.ofMillis(100);
    static final String ENWIKI = "enwiki";
    static final String TEMPLATELINKS = "templatelinks";
    static final String TEMPLATE = "X";

    /** Ticks without a new command after which a drain decides that the fan-out is done. */
    private static final int IDLE_TICKS = 3;

    private static final int MAX_TICKS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fanout() {}

    /**
     * A configuration where {@code type} expands with {@code batch} and {@code pagesPerJob}, and where the normal lane's
     * in-flight window is large enough that every leaf is released without waiting for results.
     */
    static JobQueueConfig config(final String type, final int batch, final int pagesPerJob) {
        return config(Map.of(type, new FanoutConfig(batch, pagesPerJob)));
    }

    static JobQueueConfig config(final Map<String, FanoutConfig> fanouts) {
        final Map<String, TypeConfig> types = new HashMap<>();
        fanouts.forEach((type, fanout) -> types.put(type, new TypeConfig(null, null, null, null, fanout)));
        return JobQueueConfig.of("eqiad")
                .withQueue(new QueueConfig(Map.of("normal", 100_000), null, null, TICK, null, null))
                .withTypes(types);
    }

    static JobQueueConfig withMaxScanPerTick(final JobQueueConfig config, final int maxScanPerTick) {
        final QueueConfig queue = config.queue();
        return config.withQueue(new QueueConfig(
                queue.inFlight(),
                queue.claimTtl(),
                queue.dedupWindow(),
                queue.tick(),
                maxScanPerTick,
                queue.maxEventBytes()));
    }

    /** Page ids {@code from..to}, inclusive. */
    static List<Long> pages(final long from, final long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** The links topic of one driver, each change stamped with the driver's wall-clock time. */
    static final class Links {
        private final JobQueueDriver queue;
        private final TestInputTopic<byte[], byte[]> topic;

        Links(final JobQueueDriver queue) {
            this.queue = queue;
            this.topic = queue.driver()
                    .createInputTopic(
                            queue.config().topicRegistry().links().name(),
                            new ByteArraySerializer(),
                            new ByteArraySerializer());
        }

        /** Makes each page link to enwiki's Template:X through templatelinks. */
        void add(final Iterable<Long> pageIds) {
            add(ENWIKI, TEMPLATE, pageIds);
        }

        void add(final String database, final String template, final Iterable<Long> pageIds) {
            pageIds.forEach(page -> change(database, template, page, true));
        }

        /**
         * Writes enwiki Template:X's (or another template's) backlinks from each page straight into the backlinks store, as restoring it from
         * its changelog would. For the large sets: piping a record through the driver commits, and so flushes every
         * RocksDB store, once per record.
         */
        void load(final Iterable<Long> pageIds) {
            load(TEMPLATE, pageIds);
        }

        void load(final String template, final Iterable<Long> pageIds) {
            final KeyValueStore<Bytes, BacklinkSource> backlinks =
                    queue.driver().getKeyValueStore(FanoutStores.BACKLINKS);
            final String target =
                    FanoutKeys.expansionKey(new LinkChange(ENWIKI, TEMPLATELINKS, 10, template, 0L, 0, "", true));
            pageIds.forEach(
                    page -> backlinks.put(FanoutKeys.backlink(target, page), new BacklinkSource(0, "P_" + page)));
        }

        void remove(final Iterable<Long> pageIds) {
            pageIds.forEach(page -> change(ENWIKI, TEMPLATE, page, false));
        }

        void raw(final byte[] value) {
            topic.pipeInput(new TestRecord<>(null, value, null, queue.now()));
        }

        private void change(final String database, final String template, final long page, final boolean add) {
            raw(LinkChangeParser.write(
                    new LinkChange(database, TEMPLATELINKS, 10, template, page, 0, "P_" + page, add)));
        }
    }

    /** A leaf as the executor gets it: its command and the parsed job event. */
    record Leaf(JobCommand command, JsonNode event) {
        static Leaf of(final JobCommand command) {
            try {
                return new Leaf(command, JSON.readTree(command.getEvent()));
            } catch (final JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode params() {
            return event.path("params");
        }

        /** The page ids of {@code params.pages}, in the order they appear. */
        List<Long> pageIds() {
            final List<Long> ids = new ArrayList<>();
            final Iterator<String> names = params().path("pages").fieldNames();
            names.forEachRemaining(name -> ids.add(Long.parseLong(name)));
            return ids;
        }

        String metaId() {
            return event.path("meta").path("id").asText();
        }

        @Override
        public String toString() {
            return "Leaf[" + metaId() + ", pages " + pageIds() + "]";
        }

        long rootDt() {
            return Instant.parse(event.path("root_event").path("dt").asText()).toEpochMilli();
        }
    }

    static List<Leaf> leaves(final List<JobCommand> commands) {
        return commands.stream().map(Leaf::of).toList();
    }

    /** Every page id of every leaf, one entry per occurrence. */
    static List<Long> pageIds(final List<Leaf> leaves) {
        return leaves.stream().flatMap(leaf -> leaf.pageIds().stream()).toList();
    }

    /** Advances tick by tick until no command has come for a few ticks; returns the commands of all lanes. */
    static List<JobCommand> drain(final JobQueueDriver queue) {
        final List<JobCommand> commands = new ArrayList<>();
        int idle = 0;
        for (int tick = 0; tick < MAX_TICKS && idle < IDLE_TICKS; tick++) {
            queue.advance(TICK);
            final List<JobCommand> released = queue.allCommands();
            idle = released.isEmpty() ? idle + 1 : 0;
            commands.addAll(released);
        }
        return commands;
    }

    /** Advances one tick and returns the commands released by it. */
    static List<JobCommand> tick(final JobQueueDriver queue) {
        queue.advance(TICK);
        return queue.allCommands();
    }
}
