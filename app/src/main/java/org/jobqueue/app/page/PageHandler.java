package org.jobqueue.app.page;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.jobqueue.app.api.PageReads;
import org.jobqueue.app.api.QueryString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the page's requests: {@code /}, {@code /types/<type>}, {@code /jobs/<id>}, {@code /jobs?id=}, assets. */
final class PageHandler implements HttpHandler {
    // No script but the page's own file, no style but its own: a field that slipped past escaping still cannot run.
    private static final String SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
                    + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Logger log = LoggerFactory.getLogger(PageHandler.class);

    private final PageReads reads;
    private final Clock clock;

    PageHandler(final PageReads reads, final Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
            } else if (Assets.has(path)) {
                Assets.send(exchange, path);
            } else {
                page(exchange, path, QueryString.parse(exchange.getRequestURI().getRawQuery()));
            }
        }
    }

    private void page(final HttpExchange exchange, final String path, final Map<String, String> query)
            throws IOException {
        final long now = clock.millis();
        try {
            if (path.equals("/")) {
                send(exchange, 200, new OverviewPage(reads, now).render());
            } else if (path.startsWith("/types/")) {
                send(exchange, 200, new TypePage(reads, now).render(segment(path, "/types/")));
            } else if (path.equals("/jobs") && !query.getOrDefault("id", "").isBlank()) {
                redirect(exchange, JobPage.link(query.get("id").strip(), query.get("database")));
            } else if (path.startsWith("/jobs/")) {
                send(exchange, 200, new JobPage(reads, now).render(segment(path, "/jobs/"), query.get("database")));
            } else {
                send(exchange, 404, Layout.page("Not found", "<p class=\"empty\">Nothing here.</p>"));
            }
        } catch (final IllegalArgumentException badRequest) {
            send(
                    exchange,
                    400,
                    Layout.page("Bad request", "<p class=\"error\">" + Html.escape(badRequest.getMessage()) + "</p>"));
        } catch (final RuntimeException failed) {
            log.warn("The page failed to answer {}", path, failed);
            send(exchange, 500, Layout.page("Error", "<p class=\"error\">" + Html.escape(failed.toString()) + "</p>"));
        }
    }

    private static String segment(final String path, final String prefix) {
        return URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    private static void redirect(final HttpExchange exchange, final String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(final HttpExchange exchange, final int status, final String html) throws IOException {
        final byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Content-Security-Policy", SECURITY_POLICY);
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
