package org.jobqueue.tools.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free local ports, for the processes a test or a tool starts. */
public final class Ports {
    private Ports() {}

    /** A port that is free now; another process could take it before it is bound, which tests and tools accept. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
