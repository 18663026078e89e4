package org.jobqueue.app.page;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The page's style sheet and script, from the class path ({@code page/}). */
final class Assets {
    static final String CSS = "/page.css";
    static final String JS = "/page.js";
    private static final Map<String, String> TYPES =
            Map.of(CSS, "text/css; charset=utf-8", JS, "text/javascript; charset=utf-8");

    private Assets() {}

    static boolean has(final String path) {
        return TYPES.containsKey(path);
    }

    static void send(final HttpExchange exchange, final String path) throws IOException {
        final byte[] bytes = read(path);
        exchange.getResponseHeaders().add("Content-Type", TYPES.get(path));
        exchange.getResponseHeaders().add("Cache-Control", "max-age=300");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] read(final String path) {
        try (InputStream in = Assets.class.getResourceAsStream("/page" + path)) {
            if (in == null) throw new IllegalStateException("the page's " + path + " is missing from the class path");
            return in.readAllBytes();
        } catch (final IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
