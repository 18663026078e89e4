package org.jobqueue.app.admin;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.jobqueue.app.api.AdminToken;
import org.jobqueue.app.metrics.PrometheusMetrics;
import picocli.CommandLine.Option;

/** The admin server's options of a long-running command ({@code run}, {@code execute}), as a picocli mixin. */
public final class AdminOptions {
    @Option(
            names = "--admin-port",
            paramLabel = "PORT",
            description = "Serve GET /metrics, /health, /live (and for run the page / and the API /api/) on this port"
                    + " (0: any free port; default: off)")
    private Integer port;

    @Option(
            names = "--admin-address",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "The address the admin HTTP server binds (default: ${DEFAULT-VALUE})")
    private String address = "127.0.0.1";

    @Option(
            names = "--admin-advertised-host",
            paramLabel = "HOST",
            description = "The host name other instances and the commands reach this admin server at (default: the"
                    + " bind address, or this machine's name when it binds every address)")
    private String advertisedHost;

    @Option(
            names = "--admin-token-file",
            paramLabel = "FILE",
            description = "The file holding the token that POST /api/... requires (default: the environment variable "
                    + AdminToken.ENVIRONMENT_VARIABLE + "; without either, changes over HTTP are refused)")
    private Path tokenFile;

    /** The token of {@code --admin-token-file} or of the environment. */
    public AdminToken token() {
        return AdminToken.from(tokenFile, System.getenv());
    }

    /** Where others reach {@code admin}: its advertised host and its port. */
    public HostInfo advertised(final AdminServer admin) {
        return new HostInfo(advertisedHost(), admin.port());
    }

    private String advertisedHost() {
        if (advertisedHost != null) return advertisedHost;
        if (!address.equals("0.0.0.0") && !address.equals("::")) return address;
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (final UnknownHostException unknown) {
            throw new UncheckedIOException("cannot tell this machine's name; set --admin-advertised-host", unknown);
        }
    }

    /** Starts the admin server; {@code null} when no port was asked for. */
    public AdminServer start(final PrometheusMetrics metrics, final Supplier<AdminServer.Health> health) {
        return port == null ? null : AdminServer.start(address, port, metrics, health);
    }

    /**
     * Prints the line {@code admin: <url>/metrics} that scripts and tests wait for: a command prints it once all it
     * serves is in place, so anything the line promises is already there.
     */
    public void printAddress(final AdminServer admin, final PrintWriter out) {
        out.println("admin: http://" + address + ":" + admin.port() + "/metrics");
        out.flush();
    }
}
