package org.jobqueue.tools.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for MediaWiki's {@code rpc/RunSingleJob.php} on 127.0.0.1, for local runs, tests and the demo. It answers
 * like the real endpoint (200 {@code {"status":true}}; 500, with {@code X-Readonly: true} for a read-only wiki; 405 for
 * anything but POST; 422 without an event) and can check EventBus's {@code mediawiki_signature}. Failures come from
 * {@link StubOptions#failRate()} and from the event's {@code params.stub_fail}: {@code always}, {@code once} (the first
 * request of a {@code meta.id}) or {@code readonly} (likewise, with {@code X-Readonly: true}).
 */
public final class MediaWikiStub implements AutoCloseable {
    public static final String PATH = "/rpc/RunSingleJob.php";
    /** What {@code RunSingleJob.php} answers, with a 200, when the job ran. */
    public static final String EXECUTED_BODY = "{\"status\":true}";

    private static final String HOST = "127.0.0.1";
    private static final int THREADS = 100;
    private static final int BACKLOG = 200;

    private final HttpServer server;
    private final ExecutorService threads;
    private final StubCounters counters;
    private final ExecutionLog log;
    private boolean closed;

    private MediaWikiStub(
            final HttpServer server,
            final ExecutorService threads,
            final StubCounters counters,
            final ExecutionLog log) {
        this.server = server;
        this.threads = threads;
        this.counters = counters;
        this.log = log;
    }

    /** Starts a stub with {@code options} and returns once it accepts requests. */
    public static MediaWikiStub start(final StubOptions options) {
        final StubCounters counters = new StubCounters();
        final ExecutionLog log = ExecutionLog.open(options.log());
        final JobEndpoint endpoint = new JobEndpoint(
                options, counters, log, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
        final HttpServer server = bind(options.port());
        final ExecutorService threads = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, endpoint, options));
        server.start();
        return new MediaWikiStub(server, threads, counters, log);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where executors should POST jobs. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port() + PATH);
    }

    public StubStats stats() {
        return counters.stats();
    }

    /** The ids of the events executed (answered 200) so far. */
    public Set<String> executedEventIds() {
        return counters.executionsById().keySet();
    }

    /** How many times each event id was executed (answered 200). */
    public Map<String, Integer> executionsById() {
        return counters.executionsById();
    }

    public int executions(final String eventId) {
        return counters.executions(eventId);
    }

    /** Stops answering at once and closes the execution log. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        server.stop(0);
        threads.shutdownNow();
        log.close();
    }

    private static void handle(final HttpExchange exchange, final JobEndpoint endpoint, final StubOptions options)
            throws IOException {
        try (exchange) {
            final byte[] body = readBody(exchange);
            pause(options);
            respond(exchange, answer(endpoint, exchange.getRequestMethod(), body));
        }
    }

    private static StubResponse answer(final JobEndpoint endpoint, final String method, final byte[] body) {
        try {
            return endpoint.answer(method, body);
        } catch (final RuntimeException e) {
            return StubResponse.failed("The stub failed: " + e);
        }
    }

    private static byte[] readBody(final HttpExchange exchange) throws IOException {
        try (InputStream input = exchange.getRequestBody()) {
            return input.readAllBytes();
        }
    }

    private static void pause(final StubOptions options) throws IOException {
        if (options.latency().isZero()) return;
        try {
            Thread.sleep(options.latency().toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while simulating latency", e);
        }
    }

    private static void respond(final HttpExchange exchange, final StubResponse response) throws IOException {
        final byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        response.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }

    private static HttpServer bind(final int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), BACKLOG);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot listen on " + HOST + ":" + port, e);
        }
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "mediawiki-stub-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
