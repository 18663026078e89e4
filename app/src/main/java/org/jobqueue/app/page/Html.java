package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for the page: everything that comes from events, jobs or requests goes through here. */
final class Html {
    private Html() {}

    /** {@code text} safe as element content and as a quoted attribute value; null as the empty string. */
    static String escape(final String text) {
        if (text == null) return "";
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A JSON field's text, escaped; the empty string when it is missing or null. */
    static String text(final JsonNode node, final String field) {
        final JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : escape(value.asText());
    }

    /** {@code value} as one path segment or query value of a URL, escaped for an attribute. */
    static String url(final String value) {
        return escape(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    /** A number with thousands separated by thin spaces, for the tables. */
    static String count(final long value) {
        return String.format("%,d", value).replace(',', '\u202f');
    }
}
