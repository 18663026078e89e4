package org.jobqueue.app.admin;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jobqueue.app.metrics.PrometheusMetrics;

/**
 * A small read-only HTTP server for operators: {@code GET /metrics} returns the metrics in Prometheus' text format, or
 * as JSON with {@code Accept: application/json} (see {@link MetricsHandler}); {@code GET /health}
 * answers 200 while the process is ready to do its work (a load balancer's or a rolling restart's check) and 503 with
 * the reasons otherwise; {@code GET /live} answers 200 while the process works at all (a supervisor's check: 503 means
 * restart it).
 */
public final class AdminServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int THREADS = 4;

    private final HttpServer server;

    private AdminServer(final HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code address:port} (port 0: any free port), the metrics of {@code registry} without labels of
     * the configuration. {@code health} tells whether all is well.
     */
    public static AdminServer start(
            final String address, final int port, final MetricRegistry registry, final Supplier<Health> health) {
        return start(address, port, PrometheusMetrics.of(registry), health);
    }

    /** Starts serving on {@code address:port} (port 0: any free port). {@code health} tells whether all is well. */
    public static AdminServer start(
            final String address, final int port, final PrometheusMetrics metrics, final Supplier<Health> health) {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            // More than one: an instance answering an API query asks its peers, which may be asking it at that moment.
            server.setExecutor(Executors.newFixedThreadPool(THREADS, runnable -> daemon(runnable)));
            server.createContext("/metrics", new MetricsHandler(metrics));
            server.createContext("/health", exchange -> {
                final Health now = health.get();
                answer(exchange, now.ready() ? 200 : 503, now);
            });
            server.createContext("/live", exchange -> {
                final Health now = health.get();
                answer(exchange, now.live() ? 200 : 503, now);
            });
            server.start();
            return new AdminServer(server);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot serve admin HTTP on " + address + ":" + port, e);
        }
    }

    /** Serves {@code handler} under {@code path} as well, from now on. */
    public void serve(final String path, final HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(final HttpExchange exchange, final int status, final Object body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Thread daemon(final Runnable runnable) {
        final Thread thread = new Thread(runnable, "jobqueue-admin");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * What {@code /health} and {@code /live} report: the process's state, whether it is ready and whether it is live,
     * and why it is not ready, if it is not.
     */
    public record Health(String state, boolean ready, boolean live, List<String> reasons) {
        public Health {
            reasons = List.copyOf(reasons);
        }

        /** Ready and live, or neither, with {@code state} as the reason. */
        public static Health of(final String state, final boolean ready) {
            return new Health(state, ready, ready, ready ? List.of() : List.of("state " + state));
        }
    }
}
