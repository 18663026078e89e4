package org.jobqueue.tools.bench;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jobqueue.tools.stub.MediaWikiStub;

/**
 * A {@code RunSingleJob.php} that runs nothing: it reads each request and answers at once with the success body that
 * {@code jobqueue mediawiki-stub} gives an executed job. Unlike that stub it neither parses the event nor keeps a
 * record of it, so that it costs as little as an endpoint can.
 */
final class NoopEndpoint implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int THREADS = 8;
    private static final int BACKLOG = 512;
    private static final byte[] EXECUTED = MediaWikiStub.EXECUTED_BODY.getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicLong requests = new AtomicLong();

    private NoopEndpoint(final HttpServer server, final ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static NoopEndpoint start() {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), BACKLOG);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot listen on " + HOST, e);
        }
        final ExecutorService threads = Executors.newFixedThreadPool(THREADS, daemonThreads());
        final NoopEndpoint endpoint = new NoopEndpoint(server, threads);
        server.setExecutor(threads);
        server.createContext(MediaWikiStub.PATH, endpoint::answer);
        server.start();
        return endpoint;
    }

    URI uri() {
        return URI.create("http://" + HOST + ":" + server.getAddress().getPort() + MediaWikiStub.PATH);
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void answer(final HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            requests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, EXECUTED.length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(EXECUTED);
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "bench-endpoint-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
