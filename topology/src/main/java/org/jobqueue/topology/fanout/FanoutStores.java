package org.jobqueue.topology.fanout;

import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jobqueue.schemas.BacklinkSource;
import org.jobqueue.schemas.Expansion;
import org.jobqueue.serdes.AvroSerde;
import org.jobqueue.serdes.JobSerdes;

/** The fan-out's RocksDB stores. Their names are also their changelogs' names: renaming one is a migration. */
public final class FanoutStores {
    /** backlink key (see {@link FanoutKeys#backlink}) → the source page's namespace and title. */
    public static final String BACKLINKS = "fanout-backlinks";
    /** expansion key | 0x00 | the recursive job's event id → the expansion and its cursor. */
    public static final String EXPANSIONS = "fanout-expansions";

    private static final AvroSerde<BacklinkSource> BACKLINK_SOURCE = AvroSerde.of(BacklinkSource.getClassSchema());
    private static final AvroSerde<Expansion> EXPANSION = AvroSerde.of(Expansion.getClassSchema());

    private FanoutStores() {}

    static Set<StoreBuilder<?>> builders() {
        final StoreBuilder<KeyValueStore<Bytes, BacklinkSource>> backlinks =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BACKLINKS), Serdes.Bytes(), BACKLINK_SOURCE);
        final StoreBuilder<KeyValueStore<String, Expansion>> expansions =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXPANSIONS), JobSerdes.string(), EXPANSION);
        return Set.of(backlinks, expansions);
    }
}
