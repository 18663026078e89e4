package org.jobqueue.app.steer;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs a command, as {@code user@host}: the {@code createdBy} of the control rules it writes. */
final class Operator {
    private Operator() {}

    static String current() {
        return System.getProperty("user.name", "unknown") + "@" + host();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException unresolvable) {
            final String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown" : fromEnvironment;
        }
    }
}
