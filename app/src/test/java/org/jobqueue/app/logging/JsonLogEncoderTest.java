package org.jobqueue.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldWriteOneParseableLinePerEvent() throws Exception {
        // Given a WARN with an argument, a quote, a line break and an exception
        final LoggerContext context = new LoggerContext();
        final LoggingEvent event = new LoggingEvent(
                "org.jobqueue.Example",
                context.getLogger("org.jobqueue.Example"),
                Level.WARN,
                "dead-lettered job {}: \"fatal\"\nHTTP 400",
                new IllegalStateException("boom"),
                new Object[] {"enwiki/refreshLinks/abc"});
        event.setInstant(Instant.parse("2026-12-03T08:01:02.345Z"));
        event.setThreadName("jobqueue-eqiad-StreamThread-1");
        final JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();

        // When
        final String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        // Then: one line, one object, every field a collector needs
        assertThat(line).endsWith("\n").doesNotContain("\r").hasLineCount(1);
        final JsonNode object = JSON.readTree(line);
        assertThat(object.get("time").asText()).isEqualTo("2026-12-03T08:01:02.345Z");
        assertThat(object.get("level").asText()).isEqualTo("WARN");
        assertThat(object.get("loggerName").asText()).isEqualTo("org.jobqueue.Example");
        assertThat(object.get("threadName").asText()).isEqualTo("jobqueue-eqiad-StreamThread-1");
        assertThat(object.get("formattedMessage").asText())
                .isEqualTo("dead-lettered job enwiki/refreshLinks/abc: \"fatal\"\nHTTP 400");
        assertThat(object.get("throwable").get("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(object.get("throwable").get("message").asText()).isEqualTo("boom");
        assertThat(line).startsWith("{\"time\":");
    }

    @Test
    void shouldWriteNoHeaderNorFooter() {
        // Given
        final JsonLogEncoder encoder = new JsonLogEncoder();

        // Then: a file of lines, not one JSON array
        assertThat(encoder.headerBytes()).isNullOrEmpty();
        assertThat(encoder.footerBytes()).isNullOrEmpty();
    }
}
