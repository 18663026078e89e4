package org.jobqueue.app.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.topology.config.ExecutorConfig;

/**
 * Runs one command: {@code POST}s its event to the job endpoint ({@code RunSingleJob.php}) and turns whatever happens
 * into a {@link JobResult}, with the verdict on the endpoint that the executor's throttling and circuit need. The
 * returned future never fails: errors are results too.
 */
public final class JobCaller {
    /**
     * One call: its result, what it says about the endpoint, and when it started ({@link System#nanoTime()}).
     */
    record Call(JobResult result, Outcome outcome, long startNanos) {}

    static final String USER_AGENT = "jobqueue";
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7E]+");

    private final HttpClient client;
    private final URI endpoint;
    private final Duration timeout;
    private final Optional<EventSigner> signer;
    private final String executorId;
    // Runs the HTTP client and whatever follows a call (writing its result), never the JDK's shared timer thread.
    private final ExecutorService callbacks = Executors.newCachedThreadPool(JobCaller::daemonThread);

    /**
     * @param secret the key that signs events, or null to send them as they are
     * @param executorId who ran the commands, for their results (host name and pid)
     */
    public JobCaller(final URI endpoint, final Duration timeout, final String secret, final String executorId) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.signer = Optional.ofNullable(secret).map(EventSigner::new);
        this.executorId = executorId;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(callbacks)
                .build();
    }

    public static JobCaller of(final ExecutorConfig config, final String executorId) {
        return new JobCaller(config.endpoint(), config.timeout(), config.secret(), executorId);
    }

    CompletableFuture<Call> call(final JobCommand command) {
        final long startedAt = System.currentTimeMillis();
        final long startNanos = System.nanoTime();
        final HttpRequest request;
        try {
            request = request(command);
        } catch (final IllegalArgumentException unsendable) {
            final Outcome outcome = Outcome.unsendable(unsendable.getMessage());
            return CompletableFuture.supplyAsync(() -> done(command, startedAt, startNanos, outcome), callbacks);
        }
        return send(request)
                .handleAsync(
                        (response, failure) -> done(command, startedAt, startNanos, outcome(response, failure)),
                        callbacks);
    }

    // The request timeout covers the wait for the response headers only; this bound also covers a stalled body.
    private CompletableFuture<HttpResponse<String>> send(final HttpRequest request) {
        final CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, Excerpts.bodyHandler());
        final CompletableFuture<HttpResponse<String>> bounded =
                exchange.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        bounded.whenComplete((response, failure) -> {
            if (failure != null) exchange.cancel(true);
        });
        return bounded;
    }

    private HttpRequest request(final JobCommand command) {
        final Optional<ObjectNode> event = parse(command.getEvent());
        final HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body(command, event.orElse(null)), StandardCharsets.UTF_8));
        event.flatMap(JobCaller::requestId).ifPresent(requestId -> request.header("X-Request-Id", requestId));
        return request.build();
    }

    /** The event verbatim, as MediaWiki wrote it; re-serialized only when it must be signed. */
    private String body(final JobCommand command, final ObjectNode parsedEvent) {
        if (signer.isEmpty()) return command.getEvent();
        if (parsedEvent == null) throw new IllegalArgumentException("cannot sign an event that is not a JSON object");
        return signer.get().sign(parsedEvent);
    }

    private static Optional<ObjectNode> parse(final String event) {
        try {
            return Optional.of(EventSigner.parseObject(event));
        } catch (final IllegalArgumentException notAnObject) {
            return Optional.empty();
        }
    }

    private static Optional<String> requestId(final ObjectNode event) {
        final JsonNode requestId = event.path("meta").path("request_id");
        if (!requestId.isTextual()) return Optional.empty();
        return Optional.of(requestId.textValue())
                .filter(id -> PRINTABLE_ASCII.matcher(id).matches());
    }

    private Outcome outcome(final HttpResponse<String> response, final Throwable failure) {
        if (failure != null) return Outcome.ofFailure(unwrap(failure), timeout);
        return Outcome.ofResponse(response.statusCode(), response.headers(), response.body());
    }

    private static Thread daemonThread(final Runnable task) {
        final Thread thread = new Thread(task, "jobqueue-http-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private static Throwable unwrap(final Throwable failure) {
        final boolean wrapped = failure instanceof CompletionException || failure instanceof ExecutionException;
        return wrapped && failure.getCause() != null ? unwrap(failure.getCause()) : failure;
    }

    private Call done(final JobCommand command, final long startedAt, final long startNanos, final Outcome outcome) {
        return new Call(result(command, startedAt, startNanos, outcome), outcome, startNanos);
    }

    private JobResult result(
            final JobCommand command, final long startedAt, final long startNanos, final Outcome outcome) {
        return JobResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setJobKey(command.getJobKey())
                .setEventId(command.getEventId())
                .setType(command.getType())
                .setStatus(outcome.status())
                .setReadonly(outcome.readonly())
                .setHttpStatus(outcome.httpStatus())
                .setStartedAt(startedAt)
                .setDurationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos))
                .setMessage(outcome.message())
                .setExecutor(executorId)
                .build();
    }
}
