package org.jobqueue.app.executor;

import java.util.HashMap;
import java.util.Map;

/**
 * The calls of each capped type that a lane has open ({@code types.<type>.concurrency}). Not thread-safe: the lane's
 * poll thread owns it.
 */
final class TypeSlots {
    private final Map<String, Integer> caps;
    private final Map<String, Integer> open = new HashMap<>();

    TypeSlots(final Map<String, Integer> caps) {
        this.caps = Map.copyOf(caps);
    }

    /** Whether one more call of {@code type} stays within its cap. */
    boolean hasRoom(final String type) {
        final Integer cap = caps.get(type);
        return cap == null || open.getOrDefault(type, 0) < cap;
    }

    void opened(final String type) {
        if (caps.containsKey(type)) open.merge(type, 1, Integer::sum);
    }

    void closed(final String type) {
        if (caps.containsKey(type)) open.merge(type, -1, Integer::sum);
    }
}
