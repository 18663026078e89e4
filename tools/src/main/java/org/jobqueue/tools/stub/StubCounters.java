package org.jobqueue.tools.stub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The stub's counters, safe to update from every request thread. */
final class StubCounters {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Map<String, AtomicInteger> executionsById = new ConcurrentHashMap<>();

    void countRequest() {
        requests.incrementAndGet();
    }

    void countAnswer(final StubResponse response) {
        if (response.isExecuted()) {
            executed.incrementAndGet();
        } else if (response.isFailure()) {
            failed.incrementAndGet();
        } else {
            rejected.incrementAndGet();
        }
    }

    void countExecution(final String eventId) {
        executionsById.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
    }

    int executions(final String eventId) {
        final AtomicInteger count = executionsById.get(eventId);
        return count == null ? 0 : count.get();
    }

    Map<String, Integer> executionsById() {
        final Map<String, Integer> copy = new ConcurrentHashMap<>();
        executionsById.forEach((id, count) -> copy.put(id, count.get()));
        return Map.copyOf(copy);
    }

    StubStats stats() {
        final long duplicates = executionsById.values().stream()
                .filter(count -> count.get() > 1)
                .count();
        return new StubStats(requests.get(), executed.get(), failed.get(), rejected.get(), duplicates);
    }
}
