package org.jobqueue.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jobqueue.app.api.SteerEndpoints.Ran;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.inspect.ListedState;

/**
 * The API's reads, in process, for the web page: each answers the JSON that the {@code GET /api/...} of the same name
 * answers, so the page shows exactly what the API says.
 */
public final class PageReads {
    private final Inspection inspection;
    private final InstanceReads instances;
    private final SteerEndpoints steering;
    private final JobQueueConfig config;
    private final LongSupplier clock;

    PageReads(
            final Inspection inspection,
            final InstanceReads instances,
            final SteerEndpoints steering,
            final JobQueueConfig config,
            final LongSupplier clock) {
        this.inspection = inspection;
        this.instances = instances;
        this.steering = steering;
        this.config = config;
        this.clock = clock;
    }

    /** {@code GET /api/queue[?type=T]}. */
    public JsonNode queue(final String type) {
        return tree(inspection.queue(type, null, clock.getAsLong()));
    }

    /** {@code GET /api/jobs/{id}[?database=D]}. */
    public JsonNode job(final String id, final String database) {
        return tree(inspection.job(id, database, clock.getAsLong()));
    }

    /** {@code GET /api/jobs?type=T&state=S&limit=N}. */
    public JsonNode jobs(final String type, final String state, final int limit) {
        return tree(inspection.list(type, ListedState.parse(state), limit));
    }

    /** {@code GET /api/dead-letters?type=T&limit=N}: the dead letters, or {@code {"error"}} when none could be read. */
    public JsonNode deadLetters(final String type, final int limit) {
        final Map<String, String> query = new LinkedHashMap<>();
        query.put("type", type);
        query.put("limit", Integer.toString(limit));
        return lines(steering.deadLetters(query));
    }

    /** {@code GET /api/periodic}. */
    public JsonNode periodic() {
        return tree(inspection.periodic(clock.getAsLong()));
    }

    public boolean hasSchedules() {
        return !config.periodic().isEmpty();
    }

    /** {@code GET /api/control}. */
    public JsonNode control() {
        return lines(steering.control());
    }

    /** {@code GET /api/rates}. */
    public JsonNode rates() {
        return tree(instances.everyRate());
    }

    /** {@code GET /api/instances}. */
    public JsonNode instances() {
        return tree(instances.everyStatus());
    }

    /** The lane of {@code type}'s jobs, by the configuration. */
    public String laneOf(final String type) {
        return config.priorityOf(type);
    }

    public List<String> lanes() {
        return config.queue().lanes();
    }

    private static JsonNode lines(final Ran ran) {
        if (ran.exitCode() != 0) {
            return ApiJson.MAPPER.createObjectNode().put("error", String.join(" ", ran.errors()));
        }
        final ArrayNode array = ApiJson.MAPPER.createArrayNode();
        ran.output().forEach(line -> array.add(ApiHandler.parse(line)));
        return array;
    }

    private static JsonNode tree(final Object answer) {
        return ApiJson.MAPPER.valueToTree(answer);
    }
}
