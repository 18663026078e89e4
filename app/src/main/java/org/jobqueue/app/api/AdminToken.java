package org.jobqueue.app.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The token that the API's state-changing endpoints require ({@code Authorization: Bearer <token>}): read from the file
 * given with {@code --admin-token-file}, else from the environment variable {@value #ENVIRONMENT_VARIABLE}. It is
 * never logged, printed nor returned; without one, those endpoints refuse every request.
 */
public final class AdminToken {
    public static final String ENVIRONMENT_VARIABLE = "JOBQUEUE_ADMIN_TOKEN";
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    private AdminToken(final byte[] token) {
        this.token = token;
    }

    /** The token of {@code file} if given, else of the environment; none if neither has one. */
    public static AdminToken from(final Path file, final Map<String, String> environment) {
        final String text = file != null ? read(file) : environment.get(ENVIRONMENT_VARIABLE);
        final String token = text == null ? "" : text.strip();
        return new AdminToken(token.getBytes(StandardCharsets.UTF_8));
    }

    /** No token: every state-changing request is refused. */
    public static AdminToken none() {
        return new AdminToken(new byte[0]);
    }

    public boolean isSet() {
        return token.length > 0;
    }

    /** Whether an {@code Authorization} header carries this token; compared in constant time. */
    boolean admits(final Optional<String> authorization) {
        if (!isSet() || authorization.isEmpty() || !authorization.get().startsWith(BEARER)) return false;
        final byte[] given =
                authorization.get().substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given);
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the admin token file " + file, e);
        }
    }

    @Override
    public String toString() {
        return isSet() ? "AdminToken[set]" : "AdminToken[none]";
    }
}
