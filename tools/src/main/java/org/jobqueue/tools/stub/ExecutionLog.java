package org.jobqueue.tools.stub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends one JSON line per executed job to a file: {@code {"ts", "id", "type", "database", "sha1"}}, and for a leaf of a
 * recursive job {@code "pages"}, the page ids of its {@code params.pages}.
 */
final class ExecutionLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter writer;

    private ExecutionLog(final BufferedWriter writer) {
        this.writer = writer;
    }

    /** A log appending to {@code file}, or one that writes nothing when {@code file} is {@code null}. */
    static ExecutionLog open(final Path file) {
        if (file == null) return new ExecutionLog(null);
        try {
            return new ExecutionLog(Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot open the execution log " + file, e);
        }
    }

    synchronized void executed(final JsonNode event, final Instant at) {
        if (writer == null) return;
        try {
            writer.write(line(event, at));
            writer.newLine();
            writer.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot append to the execution log", e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot close the execution log", e);
        }
    }

    private static String line(final JsonNode event, final Instant at) throws JsonProcessingException {
        final ObjectNode line = JSON.createObjectNode();
        line.put("ts", at.toString());
        line.set("id", orNull(event.path("meta").path("id")));
        line.set("type", orNull(event.path("type")));
        line.set("database", orNull(event.path("database")));
        line.set("sha1", orNull(event.path("sha1")));
        final JsonNode pages = event.path("params").path("pages");
        if (pages.isObject()) {
            final ArrayNode ids = line.putArray("pages");
            pages.fieldNames().forEachRemaining(ids::add);
        }
        return JSON.writeValueAsString(line);
    }

    private static JsonNode orNull(final JsonNode field) {
        return field.isMissingNode() ? NullNode.getInstance() : field;
    }
}
