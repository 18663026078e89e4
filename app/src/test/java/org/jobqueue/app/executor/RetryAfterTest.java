package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void shouldReadSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldReadAnHttpDateAsTheWaitUntilIt() {
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 10:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
    }

    @Test
    void shouldReadADateInThePastAsNoWait() {
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldBoundAnAbsurdWaitToADay() {
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).contains(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5", "1.5", "2026-12-02T10:01:30Z"})
    void shouldIgnoreAnythingElse(final String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }
}
