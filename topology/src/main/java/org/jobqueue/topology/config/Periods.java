package org.jobqueue.topology.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The periods of a schedule, each named by its start time in epoch milliseconds. */
public interface Periods {
    /** The start of the latest period that started at or before {@code now}, or {@link Long#MIN_VALUE} if none. */
    long startAtOrBefore(long now);

    /** The start of the period after the one starting at {@code start}. */
    long next(long start);

    /** The start of the period before the one starting at {@code start}. */
    long previous(long start);

    /** Periods of {@code every}, aligned to the epoch: every 3m starts at :00, :03, :06... */
    static Periods every(final Duration every) {
        final long millis = every.toMillis();
        return new Periods() {
            @Override
            public long startAtOrBefore(final long now) {
                return Math.floorDiv(now, millis) * millis;
            }

            @Override
            public long next(final long start) {
                return start + millis;
            }

            @Override
            public long previous(final long start) {
                return start - millis;
            }
        };
    }

    /** Periods that start at the times of a five-field (Unix) cron expression, in UTC. */
    static Periods cron(final String expression) {
        final Cron cron;
        try {
            cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(expression);
        } catch (final IllegalArgumentException bad) {
            throw new IllegalArgumentException(
                    "cron: '" + expression + "' is not a five-field cron expression (" + bad.getMessage() + ")");
        }
        final ExecutionTime times = ExecutionTime.forCron(cron);
        return new Periods() {
            @Override
            public long startAtOrBefore(final long now) {
                // lastExecution is strictly before its argument, and cron times are whole minutes.
                return times.lastExecution(
                                utc(now).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))
                        .map(time -> time.toInstant().toEpochMilli())
                        .orElse(Long.MIN_VALUE);
            }

            @Override
            public long next(final long start) {
                return times.nextExecution(utc(start))
                        .map(time -> time.toInstant().toEpochMilli())
                        .orElse(Long.MAX_VALUE);
            }

            @Override
            public long previous(final long start) {
                return times.lastExecution(utc(start))
                        .map(time -> time.toInstant().toEpochMilli())
                        .orElse(Long.MIN_VALUE);
            }
        };
    }

    private static ZonedDateTime utc(final long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    }
}
