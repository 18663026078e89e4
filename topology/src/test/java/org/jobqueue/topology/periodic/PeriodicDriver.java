package org.jobqueue.topology.periodic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.topology.JobQueueDriver;
import org.jobqueue.topology.config.CatchUp;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.queue.state.QueueStores;

/** What the periodic tests share: a one-partition deployment with one schedule, and the jobs it released. */
final class PeriodicDriver {
    static final String SCHEDULE = "dispatchChanges";
    static final String TYPE = "wikibaseDispatchChanges";
    static final List<String> WIKIS = List.of("wikidatawiki", "testwikidatawiki");
    static final Duration EVERY = Duration.ofMinutes(3);
    static final Duration TICK = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private PeriodicDriver() {}

    static JobQueueConfig config(final CatchUp catchUp) {
        return config("eqiad", List.of("eqiad"), catchUp);
    }

    static JobQueueConfig config(final String dc, final List<String> consumeDcs, final CatchUp catchUp) {
        final PeriodicConfig schedule =
                new PeriodicConfig(TYPE, WIKIS, EVERY, null, Map.of("maxChunks", 10), catchUp, null);
        return new JobQueueConfig(
                        dc, consumeDcs, null, null, null, null, new TopicsConfig(1, null, null), null, null, null, null)
                .withPeriodic(Map.of(SCHEDULE, schedule));
    }

    /** A released periodic job: its wiki and its period. */
    record Fired(String wiki, Instant period, String eventId) {}

    static List<Fired> fired(final List<JobCommand> commands) {
        final List<Fired> fired = new ArrayList<>();
        for (final JobCommand command : commands) {
            final JsonNode event = parse(command.getEvent());
            fired.add(new Fired(
                    event.path("database").asText(),
                    Instant.parse(
                            event.path("params").path(PeriodicJobs.PERIOD_PARAM).asText()),
                    command.getEventId()));
        }
        return fired;
    }

    static Instant period(final int index) {
        return JobQueueDriver.START.plus(EVERY.multipliedBy(index));
    }

    /** Advances {@code duration} in ticks, answering every released job ok at once; returns what was released. */
    static List<JobCommand> runAndAnswer(final JobQueueDriver driver, final Duration duration) {
        final List<JobCommand> released = new ArrayList<>();
        for (long step = 0; step < duration.dividedBy(TICK); step++) {
            driver.advance(TICK);
            final List<JobCommand> commands = driver.allCommands();
            commands.forEach(driver::ok);
            released.addAll(commands);
        }
        return released;
    }

    /** Copies the marks and the traces, as changelog restoration brings them back to another instance. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void restore(final TopologyTestDriver from, final TopologyTestDriver to) {
        final KeyValueStore marks = from.getKeyValueStore(PeriodicMarks.STORE);
        final KeyValueStore target = to.getKeyValueStore(PeriodicMarks.STORE);
        try (KeyValueIterator<Object, Object> entries = marks.all()) {
            entries.forEachRemaining(entry -> target.put(entry.key, entry.value));
        }
        final WindowStore traces = from.getWindowStore(QueueStores.TRACES);
        final WindowStore targetTraces = to.getWindowStore(QueueStores.TRACES);
        try (KeyValueIterator<Windowed<Object>, Object> entries = traces.all()) {
            entries.forEachRemaining(entry -> targetTraces.put(
                    entry.key.key(), entry.value, entry.key.window().start()));
        }
    }

    private static JsonNode parse(final String event) {
        try {
            return JSON.readTree(event);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
