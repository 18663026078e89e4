package org.jobqueue.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheTokenFromTheFileBeforeTheEnvironment() throws Exception {
        // Given a token file with a trailing newline, and another token in the environment
        final Path file = Files.writeString(dir.resolve("token"), "from-file\n");

        // When
        final AdminToken token = AdminToken.from(file, Map.of(AdminToken.ENVIRONMENT_VARIABLE, "from-environment"));

        // Then
        assertThat(token.admits(Optional.of("Bearer from-file"))).isTrue();
        assertThat(token.admits(Optional.of("Bearer from-environment"))).isFalse();
    }

    @Test
    void shouldReadTheTokenFromTheEnvironmentWithoutAFile() {
        // Given / When
        final AdminToken token = AdminToken.from(null, Map.of(AdminToken.ENVIRONMENT_VARIABLE, "from-environment"));

        // Then
        assertThat(token.admits(Optional.of("Bearer from-environment"))).isTrue();
        assertThat(token.admits(Optional.of("from-environment"))).isFalse();
        assertThat(token.admits(Optional.empty())).isFalse();
    }

    @Test
    void shouldAdmitNothingWithoutAToken() {
        // Given / When
        final AdminToken token = AdminToken.from(null, Map.of());

        // Then an empty bearer is no token either
        assertThat(token.isSet()).isFalse();
        assertThat(token.admits(Optional.of("Bearer "))).isFalse();
    }

    @Test
    void shouldNeverShowTheToken() {
        // Given / When
        final AdminToken token = AdminToken.from(null, Map.of(AdminToken.ENVIRONMENT_VARIABLE, "hidden"));

        // Then
        assertThat(token.toString()).doesNotContain("hidden");
    }
}
