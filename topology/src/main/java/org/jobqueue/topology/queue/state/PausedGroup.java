package org.jobqueue.topology.queue.state;

import org.apache.kafka.common.utils.Bytes;

/** The paused jobs of one type on one database in one lane: one group of keys (see {@link QueueKeys#paused}). */
public record PausedGroup(String lane, String type, String database) {
    /** The first paused key after the group's. */
    Bytes end() {
        return QueueKeys.pausedGroupEnd(this);
    }
}
