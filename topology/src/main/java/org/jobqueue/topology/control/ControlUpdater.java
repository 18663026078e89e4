package org.jobqueue.topology.control;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jobqueue.schemas.ControlRule;

/** Loads the control topic into the {@link ControlRules} global store: a rule replaces the one under its key, a tombstone removes it. */
final class ControlUpdater implements Processor<String, ControlRule, Void, Void> {
    private KeyValueStore<String, ControlRule> store;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(ControlRules.STORE);
    }

    @Override
    public void process(final Record<String, ControlRule> record) {
        if (record.key() == null) return;
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
