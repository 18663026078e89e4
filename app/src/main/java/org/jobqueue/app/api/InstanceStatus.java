package org.jobqueue.app.api;

import java.util.List;

/**
 * One instance as the page shows it: Kafka Streams' state, whether it is ready and why not (restoring stores, a
 * replaced thread), the queue partitions it owns as active and as standby, and how far its standbys are behind.
 */
record InstanceStatus(
        String instance,
        String state,
        boolean ready,
        List<String> reasons,
        List<Integer> active,
        List<Integer> standby,
        long standbyLag) {

    static InstanceStatus unreachable(final String instance, final String why) {
        return new InstanceStatus(instance, "unreachable", false, List.of(why), List.of(), List.of(), 0);
    }
}
