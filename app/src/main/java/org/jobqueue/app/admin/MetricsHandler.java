package org.jobqueue.app.admin;

import com.codahale.metrics.json.MetricsModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jobqueue.app.metrics.PrometheusMetrics;

/**
 * {@code GET /metrics}: Prometheus' text format by default, OpenMetrics when the {@code Accept} header asks for it, and
 * the Dropwizard registry as JSON (the layout of Dropwizard's {@link MetricsModule}: durations in milliseconds, rates
 * per second) when it asks for {@code application/json}.
 */
final class MetricsHandler implements HttpHandler {
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON =
            new ObjectMapper().registerModule(new MetricsModule(TimeUnit.SECONDS, TimeUnit.MILLISECONDS, false));
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final PrometheusMetrics metrics;

    MetricsHandler(final PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (wantsJson(accept)) {
                send(
                        exchange,
                        JSON_TYPE,
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics.dropwizard()));
            } else {
                final ExpositionFormatWriter writer = textWriter(accept);
                final ByteArrayOutputStream text = new ByteArrayOutputStream();
                writer.write(text, metrics.scrape());
                send(exchange, writer.getContentType(), text.toByteArray());
            }
        }
    }

    static boolean wantsJson(final String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(JSON_TYPE);
    }

    // Not FORMATS.findWriter: it may pick the protobuf format, whose writer this build does not have.
    private static ExpositionFormatWriter textWriter(final String accept) {
        if (accept != null && FORMATS.getOpenMetricsTextFormatWriter().accepts(accept)) {
            return FORMATS.getOpenMetricsTextFormatWriter();
        }
        return FORMATS.getPrometheusTextFormatWriter();
    }

    private static void send(final HttpExchange exchange, final String contentType, final byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
