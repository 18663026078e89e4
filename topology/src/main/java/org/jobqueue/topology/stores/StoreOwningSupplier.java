package org.jobqueue.topology.stores;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The supplier of a processor that owns its stores: Kafka Streams adds {@code stores} to the topology with the
 * processor and connects them to it. The same builders every time: a store is added once.
 */
public record StoreOwningSupplier<KIn, VIn, KOut, VOut>(
        Set<StoreBuilder<?>> stores, Supplier<Processor<KIn, VIn, KOut, VOut>> processor)
        implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return processor.get();
    }
}
