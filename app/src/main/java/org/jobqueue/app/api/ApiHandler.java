package org.jobqueue.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jobqueue.app.api.SteerEndpoints.Ran;
import org.jobqueue.topology.inspect.ListedState;
import org.jobqueue.topology.inspect.PartitionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/} on the admin server. Reads are open: {@code GET /api/queue}, {@code /api/jobs/{id}},
 * {@code /api/jobs}, {@code /api/periodic}, {@code /api/control}, {@code /api/dead-letters}, and the partition-local
 * reads that peers forward ({@code /api/local/...}), the rates and the instances of the whole deployment
 * ({@code /api/rates}, {@code /api/instances}). Changes need {@code Authorization: Bearer <admin token>}: {@code POST /api/pause},
 * {@code /api/resume}, {@code /api/drop}, {@code /api/dead-letter/retry}.
 */
public final class ApiHandler implements HttpHandler {
    public static final String PATH = "/api/";
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final Inspection inspection;
    private final Deployment deployment;
    private final InstanceReads instances;
    private final SteerEndpoints steering;
    private final AdminToken token;
    private final LongSupplier clock;

    ApiHandler(
            final Deployment deployment,
            final InstanceReads instances,
            final SteerEndpoints steering,
            final AdminToken token,
            final LongSupplier clock) {
        this.deployment = deployment;
        this.instances = instances;
        this.inspection = new Inspection(deployment);
        this.steering = steering;
        this.token = token;
        this.clock = clock;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getRawPath().substring(PATH.length());
            final Map<String, String> query =
                    QueryString.parse(exchange.getRequestURI().getRawQuery());
            try {
                if ("POST".equals(exchange.getRequestMethod())) {
                    post(exchange, path);
                } else if ("GET".equals(exchange.getRequestMethod())) {
                    get(exchange, path, query);
                } else {
                    exchange.getResponseHeaders().add("Allow", "GET, POST");
                    send(exchange, 405, error("method not allowed"));
                }
            } catch (final IllegalArgumentException badRequest) {
                send(exchange, 400, error(badRequest.getMessage()));
            } catch (final RuntimeException failed) {
                log.warn("The API failed to answer {} {}", exchange.getRequestMethod(), path, failed);
                send(exchange, 500, error(failed.toString()));
            }
        }
    }

    private void get(final HttpExchange exchange, final String path, final Map<String, String> query)
            throws IOException {
        final long now = clock.getAsLong();
        if (path.startsWith("local/")) {
            send(exchange, 200, local(path.substring("local/".length()), query, now));
        } else if (path.equals("queue")) {
            send(exchange, 200, inspection.queue(query.get("type"), query.get("database"), now));
        } else if (path.equals("jobs")) {
            send(exchange, 200, inspection.list(required(query, "type"), state(query), limit(query)));
        } else if (path.startsWith("jobs/")) {
            final Inspection.JobAnswer answer = inspection.job(idOf(path), query.get("database"), now);
            send(exchange, answer.found() ? 200 : 404, answer);
        } else if (path.equals("rates")) {
            send(exchange, 200, instances.everyRate());
        } else if (path.equals("instances")) {
            send(exchange, 200, instances.everyStatus());
        } else if (path.equals("periodic")) {
            send(exchange, 200, inspection.periodic(now));
        } else if (path.equals("control")) {
            sendLines(exchange, steering.control());
        } else if (path.equals("dead-letters")) {
            sendLines(exchange, steering.deadLetters(query));
        } else {
            send(exchange, 404, error("no such endpoint: " + PATH + path));
        }
    }

    /** A peer's forwarded read of some of this instance's partitions. */
    private Object local(final String path, final Map<String, String> query, final long now) {
        if (path.equals("rates")) return instances.rates();
        if (path.equals("instance")) return instances.status();
        final List<Integer> partitions = Arrays.stream(
                        required(query, "partitions").split(","))
                .map(Integer::parseInt)
                .toList();
        if (path.equals("queue")) {
            return deployment.readLocal(partitions, view -> view.depth(query.get("type"), query.get("database"), now));
        }
        if (path.equals("jobs")) {
            final ListedState state = state(query);
            final int limit = limit(query);
            return deployment.readLocal(
                    partitions, view -> view.list(required(query, "type"), state, limit, Inspection.SCAN_BUDGET));
        }
        if (path.equals("periodic")) return deployment.readLocal(partitions, PartitionView::periodic);
        if (path.startsWith("jobs/")) {
            final String id = idOf(path);
            final String jobKey = Inspection.jobKeyOf(id, query.get("database"));
            return deployment.readLocal(
                    partitions,
                    view -> (jobKey == null ? view.byEventId(id, now) : view.byJobKey(jobKey, now)).orElse(null));
        }
        throw new IllegalArgumentException("no such endpoint: " + PATH + "local/" + path);
    }

    private void post(final HttpExchange exchange, final String path) throws IOException {
        if (!SteerEndpoints.has(path)) {
            send(exchange, 404, error("no such endpoint: POST " + PATH + path));
        } else if (!token.isSet()) {
            send(
                    exchange,
                    403,
                    error("no admin token is set on this instance (--admin-token-file or "
                            + AdminToken.ENVIRONMENT_VARIABLE + "): changes over HTTP are off"));
        } else if (!token.admits(
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            send(exchange, 401, error("this endpoint needs 'Authorization: Bearer <admin token>'"));
        } else {
            final Ran ran = steering.steer(path, body(exchange));
            log.info("API: POST {}{} by {} exited {}", PATH, path, exchange.getRemoteAddress(), ran.exitCode());
            send(exchange, statusOf(ran.exitCode()), ran);
        }
    }

    private static int statusOf(final int exitCode) {
        return switch (exitCode) {
            case 0 -> 200;
            case 2 -> 400;
            default -> 502;
        };
    }

    private void sendLines(final HttpExchange exchange, final Ran ran) throws IOException {
        if (ran.exitCode() != 0) {
            send(exchange, statusOf(ran.exitCode()), ran);
            return;
        }
        final List<JsonNode> objects =
                ran.output().stream().map(ApiHandler::parse).toList();
        send(exchange, 200, objects);
    }

    static JsonNode parse(final String line) {
        try {
            return ApiJson.MAPPER.readTree(line);
        } catch (final IOException notJson) {
            throw new IllegalStateException("a command printed a line that is not JSON", notJson);
        }
    }

    private static JsonNode body(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) throw new IllegalArgumentException("the body is too large");
            if (bytes.length == 0) return ApiJson.MAPPER.createObjectNode();
            try {
                return ApiJson.MAPPER.readTree(bytes);
            } catch (final JsonProcessingException notJson) {
                throw new IllegalArgumentException("the body is not JSON: " + notJson.getOriginalMessage());
            }
        }
    }

    private static String idOf(final String path) {
        return URLDecoder.decode(path.substring("jobs/".length()), StandardCharsets.UTF_8);
    }

    private static ListedState state(final Map<String, String> query) {
        return ListedState.parse(required(query, "state"));
    }

    private static int limit(final Map<String, String> query) {
        final String text = query.getOrDefault("limit", "20");
        try {
            final int limit = Integer.parseInt(text);
            if (limit < 1 || limit > Inspection.MAX_LIMIT) throw new NumberFormatException();
            return limit;
        } catch (final NumberFormatException bad) {
            throw new IllegalArgumentException("limit must be 1 to " + Inspection.MAX_LIMIT + ", got '" + text + "'");
        }
    }

    private static String required(final Map<String, String> query, final String name) {
        final String value = query.get(name);
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("'" + name + "' is required");
        return value;
    }

    private static Map<String, String> error(final String message) {
        return Map.of("error", message == null ? "bad request" : message);
    }

    private static void send(final HttpExchange exchange, final int status, final Object body) throws IOException {
        final byte[] bytes = ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
