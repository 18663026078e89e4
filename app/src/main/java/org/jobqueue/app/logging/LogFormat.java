package org.jobqueue.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** How log lines look on stderr: {@code text} (logback.xml's pattern) or {@code json} (one object per line). */
public enum LogFormat {
    text,
    json;

    /** The name of logback.xml's appender on stderr. */
    static final String CONSOLE_APPENDER = "console";

    /** Makes the console appender write this format; text is what logback.xml sets up, so it changes nothing. */
    public void apply() {
        if (this == text) return;
        final ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) return;
        final Appender<ILoggingEvent> appender =
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE_APPENDER);
        if (!(appender instanceof ConsoleAppender<ILoggingEvent> console)) return;
        final JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }
}
