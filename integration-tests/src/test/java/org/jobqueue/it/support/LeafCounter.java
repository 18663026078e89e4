package org.jobqueue.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.Topic;

/**
 * Reads the committed commands ({@code read_committed}) of one command topic from the beginning, without a consumer
 * group, and only counts: leaves, the distinct page ids of their {@code params.pages} in {@code 1..maxPageId} (a bit
 * set), pages seen more than once, pages out of range, commands without pages, and commands per partition. It keeps no
 * record, so that counting a large fan-out costs the test's JVM next to nothing. Not thread-safe.
 */
public final class LeafCounter implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, JobCommand> consumer;
    private final int maxPageId;
    private final BitSet pages;
    private final long[] perPartition;
    private long leaves;
    private long distinctPages;
    private long repeatedPages;
    private long outOfRangePages;
    private long withoutPages;
    private long firstLeafNanos;
    private long lastNewPageNanos;

    public LeafCounter(
            final Map<String, Object> clientConfig, final Topic<String, JobCommand> topic, final int maxPageId) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(
                config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        this.maxPageId = maxPageId;
        this.pages = new BitSet(maxPageId + 1);
        final List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        this.perPartition = new long[partitions.size()];
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and counts what arrived. */
    public void poll() {
        for (final ConsumerRecord<String, JobCommand> record : consumer.poll(POLL)) {
            count(record);
        }
    }

    private void count(final ConsumerRecord<String, JobCommand> record) {
        perPartition[record.partition()]++;
        final JsonNode pagesParam =
                parse(record.value().getEvent()).path("params").path("pages");
        if (!pagesParam.isObject() || pagesParam.isEmpty()) {
            withoutPages++;
            return;
        }
        leaves++;
        if (firstLeafNanos == 0) firstLeafNanos = System.nanoTime();
        for (final Iterator<String> ids = pagesParam.fieldNames(); ids.hasNext(); ) {
            final long id = Long.parseLong(ids.next());
            if (id < 1 || id > maxPageId) {
                outOfRangePages++;
            } else if (pages.get((int) id)) {
                repeatedPages++;
            } else {
                pages.set((int) id);
                distinctPages++;
                lastNewPageNanos = System.nanoTime();
            }
        }
    }

    /** Commands with a non-empty {@code params.pages}. */
    public long leaves() {
        return leaves;
    }

    public long distinctPages() {
        return distinctPages;
    }

    /** Page ids in range that a previous leaf already carried. */
    public long repeatedPages() {
        return repeatedPages;
    }

    public long outOfRangePages() {
        return outOfRangePages;
    }

    /** Commands that are not leaves (no {@code params.pages}). */
    public long withoutPages() {
        return withoutPages;
    }

    /** Commands read per partition of the topic, leaves or not. */
    public long[] perPartition() {
        return perPartition.clone();
    }

    /** {@link System#nanoTime()} when the first leaf was read; 0 before. */
    public long firstLeafNanos() {
        return firstLeafNanos;
    }

    /** {@link System#nanoTime()} when the last new page id was read; 0 before the first. */
    public long lastNewPageNanos() {
        return lastNewPageNanos;
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static JsonNode parse(final String json) {
        try {
            return JSON.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
