package org.jobqueue.app.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's raw query string as names and decoded values, for the API and the page. */
public final class QueryString {
    private QueryString() {}

    /** The pairs of {@code raw} in order (a name without {@code =} has the empty value); empty for null. */
    public static Map<String, String> parse(final String raw) {
        final Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return query;
        for (final String pair : raw.split("&")) {
            final int equals = pair.indexOf('=');
            final String name = equals < 0 ? pair : pair.substring(0, equals);
            final String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
