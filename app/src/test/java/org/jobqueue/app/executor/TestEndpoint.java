package org.jobqueue.app.executor;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on 127.0.0.1 that records every request and answers as the test says. */
final class TestEndpoint implements AutoCloseable {
    static final String JOB_PATH = "/rpc/RunSingleJob.php";

    /** One request as the server received it, and when ({@link System#nanoTime()}). */
    record Received(String method, String path, Headers headers, byte[] body, long atNanos) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Answers one request; the body was already read. */
    interface Responder {
        void respond(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Responder responder = (exchange, body) -> answer(exchange, 200, "ok");

    private TestEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static TestEndpoint start() throws IOException {
        return new TestEndpoint();
    }

    void respondWith(final Responder newResponder) {
        this.responder = newResponder;
    }

    URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    URI jobUri() {
        return uri(JOB_PATH);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    static void answer(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final long at = System.nanoTime();
        final byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(),
                body,
                at));
        try {
            responder.respond(exchange, body);
        } finally {
            exchange.close();
        }
    }
}
