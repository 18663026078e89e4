package org.jobqueue.topology.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hides secrets wherever the configuration is shown: in {@code toString} and in {@code jobqueue config check}. */
public final class Secrets {
    public static final String MASK = "******";

    private static final String[] SECRET_PARTS = {
        "password", "passphrase", "secret", "sasl.jaas.config", "token", "ssl.keystore.key", "private.key"
    };

    private Secrets() {}

    /**
     * Whether the Kafka property {@code name} may hold a secret: its name contains password, passphrase, secret,
     * sasl.jaas.config, token, ssl.keystore.key or private.key.
     */
    public static boolean isSecret(final String name) {
        final String lower = name.toLowerCase(Locale.ROOT);
        for (final String part : SECRET_PARTS) {
            if (lower.contains(part)) return true;
        }
        return false;
    }

    /** {@code kafka} with the value of every secret property replaced by {@value #MASK}, sorted by name. */
    public static Map<String, String> masked(final Map<String, String> kafka) {
        final Map<String, String> shown = new TreeMap<>();
        kafka.forEach((name, value) -> shown.put(name, isSecret(name) ? MASK : value));
        return shown;
    }

    /** {@value #MASK} for a set secret, {@code null} for none. */
    public static String masked(final String secret) {
        return secret == null ? null : MASK;
    }
}
