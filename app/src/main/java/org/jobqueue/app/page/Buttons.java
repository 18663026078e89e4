package org.jobqueue.app.page;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A button that posts to the API with the admin token (page.js does the posting), and the bodies it sends. */
final class Buttons {
    private Buttons() {}

    static ObjectNode body() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code label} posting {@code body} to {@code endpoint}; with {@code confirm}, only once the user agrees. */
    static String post(
            final String id, final String label, final String endpoint, final ObjectNode body, final String confirm) {
        return "<button type=\"button\" class=\"action\" id=\"" + Html.escape(id) + "\" data-post=\""
                + Html.escape(endpoint) + "\" data-body=\"" + Html.escape(body.toString()) + "\""
                + (confirm == null ? "" : " data-confirm=\"" + Html.escape(confirm) + "\"") + ">" + Html.escape(label)
                + "</button>";
    }
}
