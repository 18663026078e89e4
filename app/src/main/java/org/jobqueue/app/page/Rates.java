package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The deployment's rates as {@code GET /api/rates} answers them: counts per interval of each counter, read as the
 * page's outcomes (arrived, released, done, failed, deduplicated, dead-lettered).
 */
final class Rates {
    static final Outcome ARRIVED = new Outcome("arrived", List.of("received"));
    static final Outcome DONE = new Outcome("done", List.of("ok"));
    // A failed attempt is either retried or, at the last attempt, dead-lettered.
    static final List<Outcome> OUTCOMES = List.of(
            ARRIVED,
            new Outcome("released", List.of("released")),
            DONE,
            new Outcome("failed", List.of("retried", "dead-lettered")),
            new Outcome("deduplicated", List.of("deduplicated")),
            new Outcome("dead-lettered", List.of("dead-lettered")));
    private static final int LAST_MINUTE = 12;

    private final JsonNode answer;

    Rates(final JsonNode answer) {
        this.answer = answer;
    }

    long intervalMs() {
        return answer.path("interval_ms").asLong(5000);
    }

    List<Long> times() {
        final List<Long> times = new ArrayList<>();
        answer.path("times_ms").forEach(time -> times.add(time.asLong()));
        return times;
    }

    /** Per interval, the deployment's count of {@code outcome} ({@code jobs.<counter>} summed). */
    List<Long> total(final Outcome outcome) {
        return sum(name -> outcome.counters().stream().anyMatch(counter -> name.equals("jobs." + counter)));
    }

    /** Per interval, the sum over the types that {@code include} of their counters of {@code outcome}. */
    List<Long> ofTypes(final Outcome outcome, final Predicate<String> include) {
        return sum(name -> outcome.counters().stream()
                .anyMatch(counter -> name.startsWith("type.")
                        && name.endsWith("." + counter)
                        && include.test(typeOf(name, counter))));
    }

    /** The mean per second over the last minute of {@code counts}, or over what there is of it. */
    double perSecondLastMinute(final List<Long> counts) {
        final int n = Math.min(LAST_MINUTE, counts.size());
        if (n == 0) return 0;
        final long sum = counts.subList(counts.size() - n, counts.size()).stream()
                .mapToLong(Long::longValue)
                .sum();
        return sum * 1000.0 / (n * intervalMs());
    }

    static long sum(final List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    private List<Long> sum(final Predicate<String> counter) {
        final List<Long> sums = new ArrayList<>(times().stream().map(time -> 0L).toList());
        answer.path("counts").fields().forEachRemaining(entry -> {
            if (!counter.test(entry.getKey())) return;
            for (int i = 0; i < sums.size() && i < entry.getValue().size(); i++) {
                sums.set(i, sums.get(i) + entry.getValue().get(i).asLong());
            }
        });
        return sums;
    }

    private static String typeOf(final String name, final String counter) {
        return name.substring("type.".length(), name.length() - counter.length() - 1);
    }

    /** What the page calls an outcome, and the counters' outcomes it adds up. */
    record Outcome(String label, List<String> counters) {}
}
