package org.jobqueue.app.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints JSON indented. */
final class Pretty {
    private Pretty() {}

    static void print(final PrintWriter out, final JsonNode json) {
        try {
            out.println(AdminApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            out.flush();
        } catch (final JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
