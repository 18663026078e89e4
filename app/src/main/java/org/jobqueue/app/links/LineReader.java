package org.jobqueue.app.links;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream line by line as bytes, in constant memory: a line longer than {@code maxLineBytes} is reported as too
 * long (its start kept, the rest skipped) instead of being held whole. Lines end with {@code \n}; a {@code \r} before it
 * is dropped; a last line without {@code \n} is a line too. Counts the bytes consumed, for progress.
 */
final class LineReader implements Closeable {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private final byte[] line;
    private int chunkLength;
    private int chunkPosition;
    private int lineLength;
    private boolean tooLong;
    private boolean endOfStream;
    private volatile long bytesRead;

    LineReader(final InputStream in, final int maxLineBytes) {
        this.in = in;
        this.line = new byte[maxLineBytes];
    }

    /** Moves to the next line; {@code false} at the end of the stream. */
    boolean next() throws IOException {
        lineLength = 0;
        tooLong = false;
        boolean any = false;
        long consumed = 0;
        while (true) {
            if (chunkPosition == chunkLength) {
                if (endOfStream || !fill()) {
                    bytesRead += consumed;
                    if (any && lineLength > 0 && line[lineLength - 1] == '\r' && !tooLong) lineLength--;
                    return any;
                }
            }
            any = true;
            final int start = chunkPosition;
            int end = start;
            while (end < chunkLength && chunk[end] != '\n') end++;
            append(start, end);
            consumed += end - start;
            if (end < chunkLength) {
                chunkPosition = end + 1;
                consumed++;
                bytesRead += consumed;
                if (lineLength > 0 && line[lineLength - 1] == '\r' && !tooLong) lineLength--;
                return true;
            }
            chunkPosition = chunkLength;
        }
    }

    /** The current line's bytes are {@code bytes()[0, length())}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return lineLength;
    }

    /** Whether the current line was longer than the limit (then only its start is in {@link #bytes()}). */
    boolean tooLong() {
        return tooLong;
    }

    /** Bytes consumed so far, line endings included; safe to read from another thread. */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void append(final int from, final int to) {
        final int room = line.length - lineLength;
        final int count = to - from;
        if (count > room) tooLong = true;
        final int copied = Math.min(count, room);
        System.arraycopy(chunk, from, line, lineLength, copied);
        lineLength += copied;
    }

    private boolean fill() throws IOException {
        final int read = in.read(chunk, 0, chunk.length);
        if (read <= 0) {
            // read() returns 0 only for a zero-length request; treat it as the end rather than loop.
            endOfStream = true;
            chunkLength = 0;
            chunkPosition = 0;
            return false;
        }
        chunkLength = read;
        chunkPosition = 0;
        return true;
    }
}
