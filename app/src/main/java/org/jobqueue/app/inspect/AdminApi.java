package org.jobqueue.app.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/** The JSON API of a jobqueue instance, asked at the first of its candidate addresses that answers. */
final class AdminApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> candidates;
    private final String where;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    AdminApi(final List<URI> candidates, final String where) {
        this.candidates = candidates;
        this.where = where;
    }

    /** An HTTP answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {}

    Answer get(final String path, final Query query) throws InterruptedException {
        for (final URI candidate : candidates) {
            final URI uri = URI.create(stripSlash(candidate.toString()) + path + query.text());
            final HttpResponse<String> response;
            try {
                response = client.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(REQUEST_TIMEOUT)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (final IOException unreachable) {
                continue;
            }
            return new Answer(response.statusCode(), parse(uri, response));
        }
        throw new InspectException("no jobqueue instance answered at " + candidates + where);
    }

    private static JsonNode parse(final URI uri, final HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (final IOException notJson) {
            throw new InspectException(
                    uri + " answered " + response.statusCode() + " with no JSON: " + notJson.getMessage());
        }
    }

    private static String stripSlash(final String address) {
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string built from the parameters that are given. */
    static final class Query {
        private final StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");

        Query with(final String name, final Object value) {
            if (value != null) joiner.add(name + "=" + encode(value.toString()));
            return this;
        }

        String text() {
            return joiner.toString();
        }
    }
}
