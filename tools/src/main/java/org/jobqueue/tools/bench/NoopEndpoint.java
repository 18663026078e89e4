package org.jobqueue.tools.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jobqueue.tools.stub.MediaWikiStub;

/**
 * A {@code RunSingleJob.php} that runs nothing: it reads each request and answers at once with the success body that
 * {@code jobqueue mediawiki-stub} gives an executed job. Unlike that stub it neither parses the event nor keeps a
 * record of it, so that it costs as little as an endpoint can.
 *
 * <p>It speaks just enough HTTP/1.1 for a POST with a {@code Content-Length} on a kept-alive connection, one thread per
 * connection (the executors open one per call in flight, at most their concurrency). The JDK's {@code HttpServer},
 * which it replaces, answered about 1,400 requests/s on the bench's 2 cores, whatever its threads: below what the
 * scenario measures, so f measured the stand-in for MediaWiki rather than jobqueue.
 */
final class NoopEndpoint implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int BACKLOG = 512;
    private static final String CONTENT_LENGTH = "content-length:";

    private final ServerSocket server;
    private final byte[] response;
    private final AtomicLong requests = new AtomicLong();

    private NoopEndpoint(final ServerSocket server) {
        this.server = server;
        final byte[] body = MediaWikiStub.EXECUTED_BODY.getBytes(StandardCharsets.UTF_8);
        this.response = ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                        + body.length + "\r\n\r\n" + MediaWikiStub.EXECUTED_BODY)
                .getBytes(StandardCharsets.UTF_8);
    }

    static NoopEndpoint start() {
        try {
            final NoopEndpoint endpoint = new NoopEndpoint(new ServerSocket(0, BACKLOG, InetAddress.getByName(HOST)));
            daemon(endpoint::accept, "bench-endpoint-accept").start();
            return endpoint;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot listen on " + HOST, e);
        }
    }

    URI uri() {
        return URI.create("http://" + HOST + ":" + server.getLocalPort() + MediaWikiStub.PATH);
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (final IOException ignored) {
            // Closing: the connections' threads end with their sockets.
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket connection = server.accept();
                daemon(() -> serve(connection), "bench-endpoint").start();
            } catch (final IOException closed) {
                return;
            }
        }
    }

    private void serve(final Socket connection) {
        try (connection;
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream()) {
            connection.setTcpNoDelay(true);
            for (long length = readHeaders(in); length >= 0; length = readHeaders(in)) {
                in.skipNBytes(length);
                requests.incrementAndGet();
                out.write(response);
                out.flush();
            }
        } catch (final IOException closed) {
            // The executor closed the connection, or the bench closed the endpoint.
        }
    }

    /** Reads a request's head; returns its body's length (0 without one), or -1 at the end of the connection. */
    private static long readHeaders(final InputStream in) throws IOException {
        long length = 0;
        boolean started = false;
        final StringBuilder line = new StringBuilder();
        while (true) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') line.append((char) c);
            }
            if (c == -1) return -1;
            if (line.isEmpty()) {
                if (started) return length;
                continue;
            }
            started = true;
            final String header = line.toString().toLowerCase(Locale.ROOT);
            if (header.startsWith(CONTENT_LENGTH))
                length =
                        Long.parseLong(header.substring(CONTENT_LENGTH.length()).trim());
        }
    }

    private static Thread daemon(final Runnable task, final String name) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
