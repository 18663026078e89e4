package org.jobqueue.app.admin;

import com.codahale.metrics.MetricRegistry;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The admin server's options of a long-running command ({@code run}, {@code execute}), as a picocli mixin. */
public final class AdminOptions {
    @Option(
            names = "--admin-port",
            paramLabel = "PORT",
            description = "Serve GET /metrics, /health and /live on this port (0: any free port; default: off)")
    private Integer port;

    @Option(
            names = "--admin-address",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "The address the admin HTTP server binds (default: ${DEFAULT-VALUE})")
    private String address = "127.0.0.1";

    /** Starts the admin server and prints its address to {@code out}; {@code null} when no port was asked for. */
    public AdminServer start(
            final MetricRegistry registry, final Supplier<AdminServer.Health> health, final PrintWriter out) {
        if (port == null) return null;
        final AdminServer admin = AdminServer.start(address, port, registry, health);
        out.println("admin: http://" + address + ":" + admin.port() + "/metrics");
        out.flush();
        return admin;
    }
}
