package org.jobqueue.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.jobqueue.app.executor.ExecuteCommand;
import org.jobqueue.app.run.RunCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class LogFormatTest {
    private ConsoleAppender<ILoggingEvent> console;
    private Encoder<ILoggingEvent> logbackXmlEncoder;

    @BeforeEach
    @SuppressWarnings("unchecked") // logback.xml's console appender writes logging events
    void rememberTheConsoleEncoder() {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        console = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogFormat.CONSOLE_APPENDER);
        logbackXmlEncoder = console.getEncoder();
    }

    @AfterEach
    void restoreIt() {
        console.stop();
        console.setEncoder(logbackXmlEncoder);
        console.start();
    }

    @Test
    void shouldSwitchTheConsoleToJsonWhileRunsCommandLineIsParsed() {
        // When
        new CommandLine(new RunCommand()).parseArgs("--config", "jobqueue.yaml", "--log-format", "json");

        // Then
        assertThat(console.getEncoder()).isInstanceOf(JsonLogEncoder.class);
        assertThat(console.isStarted()).isTrue();
    }

    @Test
    void shouldSwitchTheConsoleToJsonForExecuteToo() {
        // When
        new CommandLine(new ExecuteCommand()).parseArgs("--config", "jobqueue.yaml", "--log-format", "json");

        // Then
        assertThat(console.getEncoder()).isInstanceOf(JsonLogEncoder.class);
    }

    @Test
    void shouldKeepLogbackXmlsPatternByDefault() {
        // When
        new CommandLine(new RunCommand()).parseArgs("--config", "jobqueue.yaml");

        // Then
        assertThat(console.getEncoder()).isSameAs(logbackXmlEncoder);
    }
}
