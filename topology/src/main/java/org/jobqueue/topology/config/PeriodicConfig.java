package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One periodic schedule: a job of {@code type} for each of {@code wikis} in each period, the periods given by {@code
 * every} (aligned to the epoch) or by a five-field {@code cron} expression (UTC).
 */
public record PeriodicConfig(
        @JsonProperty("type") String type,
        @JsonProperty("wikis") List<String> wikis,
        @JsonProperty("every") Duration every,
        @JsonProperty("cron") String cron,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("catch_up") CatchUp catchUp,
        @JsonProperty("max_catch_up") Integer maxCatchUp) {

    public static final int DEFAULT_MAX_CATCH_UP = 100;

    public PeriodicConfig {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("type is required");
        if (wikis == null || wikis.isEmpty()) throw new IllegalArgumentException("wikis must list at least one wiki");
        wikis.forEach(PeriodicConfig::checkWiki);
        if ((every == null) == (cron == null)) throw new IllegalArgumentException("set exactly one of every and cron");
        if (every != null && every.toMillis() < 1000) {
            throw new IllegalArgumentException("every must be at least 1s, got " + Durations.format(every));
        }
        if (cron != null) Periods.cron(cron);
        wikis = List.copyOf(wikis);
        params = params != null ? Map.copyOf(params) : Map.of();
        catchUp = catchUp != null ? catchUp : CatchUp.ONE;
        if (maxCatchUp != null && maxCatchUp < 1) {
            throw new IllegalArgumentException("max_catch_up must be at least 1, got " + maxCatchUp);
        }
        maxCatchUp = maxCatchUp != null ? maxCatchUp : DEFAULT_MAX_CATCH_UP;
    }

    /** The periods of this schedule. */
    public Periods periods() {
        return every != null ? Periods.every(every) : Periods.cron(cron);
    }

    /** The period after the last one handled (fired, skipped or seen from another DC); the current one if none. */
    public long nextPeriod(final Long handledPeriod, final long now) {
        return handledPeriod != null ? periods().next(handledPeriod) : periods().startAtOrBefore(now);
    }

    /** How the periods are given: {@code every 3m} or {@code cron 30 2 * * *}. */
    public String describePeriods() {
        return every != null ? "every " + Durations.format(every) : "cron " + cron;
    }

    private static void checkWiki(final String wiki) {
        if (wiki == null || !wiki.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("wikis: '" + wiki + "' is not a database name ([A-Za-z0-9_-], 1-64)");
        }
    }
}
