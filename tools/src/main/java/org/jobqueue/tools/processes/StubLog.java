package org.jobqueue.tools.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log of {@code jobqueue mediawiki-stub --log}, one JSON line per executed job: the ground truth of what ran, when
 * and how often. Each {@link #read} takes in only what was appended since the one before, so a long run's log is read
 * once however often it is looked at.
 */
public final class StubLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final Executions executions = new Executions();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private long position;

    public StubLog(final Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Reads the lines appended since the last read, and returns every execution so far. */
    public synchronized Executions read() {
        if (!Files.exists(file)) return executions;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            for (int n = channel.read(buffer, position); n > 0; n = channel.read(buffer.clear(), position)) {
                position += n;
                take(buffer.array(), n);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read the stub's log " + file, e);
        }
        return executions;
    }

    /** The time each event id first ran, from the whole log. */
    public Map<String, Instant> firstRuns() {
        final Map<String, Instant> first = new HashMap<>();
        for (final JsonNode line : lines()) {
            first.putIfAbsent(
                    line.path("id").asText(), Instant.parse(line.path("ts").asText()));
        }
        return first;
    }

    private void take(final byte[] bytes, final int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') continue;
            partialLine.write(bytes, start, i - start);
            final String line = partialLine.toString(StandardCharsets.UTF_8);
            if (!line.isBlank()) executions.add(parse(line));
            partialLine.reset();
            start = i + 1;
        }
        partialLine.write(bytes, start, length - start);
    }

    private List<JsonNode> lines() {
        try {
            if (!Files.exists(file)) return List.of();
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.endsWith("}"))
                    .map(StubLog::parse)
                    .toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read the stub's log " + file, e);
        }
    }

    private static JsonNode parse(final String line) {
        try {
            return JSON.readTree(line);
        } catch (final IOException e) {
            throw new UncheckedIOException("A line of the stub's log is not JSON: " + line, e);
        }
    }
}
