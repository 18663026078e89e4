package org.jobqueue.app.executor;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one-line excerpts that a {@code JobResult} carries as its message: the start of a response body or of an error,
 * at most {@value #MAX_CHARS} characters.
 */
final class Excerpts {
    static final int MAX_CHARS = 300;
    // Enough bytes for MAX_CHARS characters of UTF-8 even after collapsing some whitespace; the rest is discarded.
    private static final int MAX_BODY_BYTES = 4096;

    private Excerpts() {}

    /** Reads at most {@value #MAX_BODY_BYTES} bytes of a response body, however long it is, and excerpts them. */
    static BodyHandler<String> bodyHandler() {
        return responseInfo -> {
            final BoundedBuffer buffer = new BoundedBuffer();
            return BodySubscribers.mapping(
                    BodySubscribers.ofByteArrayConsumer(buffer::append), done -> buffer.excerpt());
        };
    }

    /** {@code text} on one line (runs of whitespace and control characters become one space), at most 300 chars. */
    static String oneLine(final String text) {
        final String flat = text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        if (flat.length() <= MAX_CHARS) return flat;
        final int end = Character.isHighSurrogate(flat.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return flat.substring(0, end);
    }

    /** The excerpt of a failure: its kind and message, on one line. */
    static String ofFailure(final Throwable failure) {
        final String message = failure.getMessage();
        final String kind = failure.getClass().getSimpleName();
        return oneLine(message == null || message.isBlank() ? kind : kind + ": " + message);
    }

    private static final class BoundedBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void append(final Optional<byte[]> chunk) {
            chunk.ifPresent(data -> bytes.write(data, 0, Math.min(data.length, MAX_BODY_BYTES - bytes.size())));
        }

        String excerpt() {
            return oneLine(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
