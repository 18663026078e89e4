package org.jobqueue.tools.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.jobqueue.app.executor.EventSigner;

/**
 * What {@code RunSingleJob.php} would answer to one request, as a pure decision plus the stub's bookkeeping: the
 * method, the body, the signature, the failure hooks and the random failure rate, in that order.
 */
final class JobEndpoint {
    static final String FAIL_HOOK = "stub_fail";
    static final String FAIL_ALWAYS = "always";
    static final String FAIL_ONCE = "once";
    static final String FAIL_READONLY = "readonly";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StubOptions options;
    private final EventSigner signature;
    private final StubCounters counters;
    private final ExecutionLog log;
    private final DoubleSupplier random;
    private final Clock clock;
    // Event ids that already got their one hook failure ("once", "readonly").
    private final Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();

    JobEndpoint(
            final StubOptions options,
            final StubCounters counters,
            final ExecutionLog log,
            final DoubleSupplier random,
            final Clock clock) {
        this.options = options;
        this.signature = options.secret() == null ? null : new EventSigner(options.secret());
        this.counters = counters;
        this.log = log;
        this.random = random;
        this.clock = clock;
    }

    StubResponse answer(final String method, final byte[] body) {
        counters.countRequest();
        final StubResponse response = decide(method, body);
        counters.countAnswer(response);
        return response;
    }

    private StubResponse decide(final String method, final byte[] body) {
        if (!"POST".equals(method)) return StubResponse.methodNotAllowed();
        if (body.length == 0) return StubResponse.rejected(StubResponse.UNPROCESSABLE, "No event received.");
        final Optional<ObjectNode> parsed = parse(body);
        if (parsed.isEmpty())
            return StubResponse.rejected(StubResponse.UNPROCESSABLE, "The body is not a JSON object.");
        final ObjectNode event = parsed.get();
        if (!event.path("database").isTextual())
            return StubResponse.rejected(StubResponse.UNPROCESSABLE, "The event has no database.");
        return signatureProblem(event).orElseGet(() -> run(event));
    }

    private Optional<StubResponse> signatureProblem(final ObjectNode event) {
        if (signature == null) return Optional.empty();
        final JsonNode given = event.get(EventSigner.SIGNATURE_FIELD);
        if (given == null || !given.isTextual())
            return Optional.of(StubResponse.rejected(StubResponse.FORBIDDEN, "Missing mediawiki signature"));
        if (!signature.verifies(event, given.textValue()))
            return Optional.of(StubResponse.rejected(StubResponse.FORBIDDEN, "Invalid mediawiki signature"));
        return Optional.empty();
    }

    private StubResponse run(final ObjectNode event) {
        final String eventId = event.path("meta").path("id").asText("");
        return hookFailure(event, eventId).or(this::randomFailure).orElseGet(() -> execute(event, eventId));
    }

    private StubResponse execute(final ObjectNode event, final String eventId) {
        counters.countExecution(eventId);
        log.executed(event, clock.instant());
        return StubResponse.executed();
    }

    private Optional<StubResponse> hookFailure(final ObjectNode event, final String eventId) {
        final String hook = event.path("params").path(FAIL_HOOK).asText("");
        return switch (hook) {
            case FAIL_ALWAYS -> Optional.of(StubResponse.failed("stub_fail: always"));
            case FAIL_ONCE ->
                firstTime(eventId) ? Optional.of(StubResponse.failed("stub_fail: once")) : Optional.empty();
            case FAIL_READONLY -> firstTime(eventId) ? Optional.of(StubResponse.readOnly()) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private Optional<StubResponse> randomFailure() {
        if (random.getAsDouble() >= options.failRate()) return Optional.empty();
        return Optional.of(StubResponse.failed("Random failure (--fail-rate)"));
    }

    private boolean firstTime(final String eventId) {
        return failedOnce.putIfAbsent(eventId, Boolean.TRUE) == null;
    }

    private static Optional<ObjectNode> parse(final byte[] body) {
        try {
            final JsonNode node = JSON.readTree(body);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (final IOException unparseable) {
            return Optional.empty();
        }
    }
}
