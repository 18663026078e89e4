package org.jobqueue.topology.queue.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.JobQueueConfig;

/**
 * A queue partition's stores in a processor context of their own (RocksDB in a temporary state directory, without
 * caching or logging), and jobs to put in them: one context stands for a task, another for the task that restores it.
 */
public final class QueueStoresFixture implements AutoCloseable {
    public static final long NOW = 1_000_000L;

    private final List<StateStore> opened = new ArrayList<>();

    /** A context holding every store of a queue partition, empty. */
    public MockProcessorContext<Void, Void> newContext() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rebuild-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>(
                props, new TaskId(2, 0), JobQueueDriver.newStateDir().toFile());
        for (final var builder : QueueStores.builders(JobQueueConfig.of("eqiad").queue())) {
            final StateStore store =
                    builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            opened.add(store);
        }
        return context;
    }

    /** Copies the store {@code name} as a restoration from its changelog would. */
    public static <V> void copy(
            final MockProcessorContext<Void, Void> from, final MockProcessorContext<Void, Void> to, final String name) {
        final KeyValueStore<String, V> source = from.getStateStore(name);
        final KeyValueStore<String, V> target = to.getStateStore(name);
        try (KeyValueIterator<String, V> entries = source.all()) {
            entries.forEachRemaining(entry -> target.put(entry.key, entry.value));
        }
    }

    public static String key(final String id) {
        return "enwiki|id|" + id;
    }

    /** A first attempt of a {@code type} job on enwiki, in the normal lane, enqueued at {@link #NOW}. */
    public static QueuedJob queued(final String type, final String id) {
        final Job job = Job.newBuilder()
                .setJobKey(key(id))
                .setEventId(id)
                .setDatabase("enwiki")
                .setType(type)
                .setCreatedAt(NOW)
                .setWorkItems(1)
                .setSourceTopic("eqiad.mediawiki.job." + type)
                .setEvent("{}")
                .build();
        return new QueuedJob(job, null, "normal", 1, List.of(), 0, NOW, null, null);
    }

    @Override
    public void close() {
        opened.forEach(StateStore::close);
    }
}
