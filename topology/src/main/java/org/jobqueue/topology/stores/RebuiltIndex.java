package org.jobqueue.topology.stores;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A RocksDB index that its owner rebuilds from durable stores whenever its task starts: it has no changelog (so an
 * entry costs a local write and no record), and it starts empty. A store without a changelog keeps what RocksDB had
 * flushed before a crash, which may lag or lead the durable stores restored from their changelogs; so the store's
 * directory is removed before it opens, and whatever a different layout left is deleted after.
 */
public final class RebuiltIndex implements KeyValueStore<Bytes, byte[]> {
    // Kafka Streams' RocksDB stores live in <task directory>/rocksdb/<store name>.
    private static final String ROCKSDB_DIRECTORY = "rocksdb";

    private final KeyValueStore<Bytes, byte[]> rocksdb;

    private RebuiltIndex(final KeyValueStore<Bytes, byte[]> rocksdb) {
        this.rocksdb = rocksdb;
    }

    /** The supplier of an index named {@code name}; its builder must disable logging. */
    public static KeyValueBytesStoreSupplier supplier(final String name) {
        final KeyValueBytesStoreSupplier rocksdb = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new RebuiltIndex(rocksdb.get());
            }

            @Override
            public String metricsScope() {
                return rocksdb.metricsScope();
            }
        };
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        removeDirectory(context.stateDir().toPath().resolve(ROCKSDB_DIRECTORY).resolve(name()));
        rocksdb.init(context, root);
        try (KeyValueIterator<Bytes, byte[]> left = rocksdb.all()) {
            left.forEachRemaining(entry -> rocksdb.delete(entry.key));
        }
    }

    private static void removeDirectory(final Path directory) {
        if (!Files.isDirectory(directory)) return;
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot remove the index " + directory, e);
        }
    }

    @Override
    public String name() {
        return rocksdb.name();
    }

    @Override
    public void put(final Bytes key, final byte[] value) {
        rocksdb.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(final Bytes key, final byte[] value) {
        return rocksdb.putIfAbsent(key, value);
    }

    @Override
    public void putAll(final List<KeyValue<Bytes, byte[]>> entries) {
        rocksdb.putAll(entries);
    }

    @Override
    public byte[] delete(final Bytes key) {
        return rocksdb.delete(key);
    }

    @Override
    public byte[] get(final Bytes key) {
        return rocksdb.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(final Bytes from, final Bytes to) {
        return rocksdb.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(final Bytes from, final Bytes to) {
        return rocksdb.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return rocksdb.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return rocksdb.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
            final P prefix, final PS prefixKeySerializer) {
        return rocksdb.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return rocksdb.approximateNumEntries();
    }

    @Override
    public void flush() {
        rocksdb.flush();
    }

    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        rocksdb.commit(changelogOffsets);
    }

    @Override
    public boolean managesOffsets() {
        return rocksdb.managesOffsets();
    }

    @Override
    public Long committedOffset(final TopicPartition partition) {
        return rocksdb.committedOffset(partition);
    }

    @Override
    public void close() {
        rocksdb.close();
    }

    @Override
    public boolean persistent() {
        return rocksdb.persistent();
    }

    @Override
    public boolean isOpen() {
        return rocksdb.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound bound, final QueryConfig config) {
        return rocksdb.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
        return rocksdb.getPosition();
    }
}
