package org.jobqueue.tools.processes;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line to a file while a tool runs (the demo, the soak), so the terminal shows only its progress; {@link #close()} puts
 * the previous appenders back. Does nothing when logback is not the logging backend.
 */
public final class LogsToFile implements AutoCloseable {
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";

    private final Logger root;
    private final List<Appender<ILoggingEvent>> previous;
    private final FileAppender<ILoggingEvent> file;

    private LogsToFile(
            final Logger root, final List<Appender<ILoggingEvent>> previous, final FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.previous = previous;
        this.file = file;
    }

    /** Redirects the logs to {@code logFile} until closed. */
    public static LogsToFile redirectTo(final Path logFile) {
        final ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) return new LogsToFile(null, List.of(), null);
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        final List<Appender<ILoggingEvent>> previous = detachAll(root);
        final FileAppender<ILoggingEvent> file = fileAppender(context, logFile);
        root.addAppender(file);
        return new LogsToFile(root, previous, file);
    }

    @Override
    public void close() {
        if (root == null) return;
        root.detachAppender(file);
        file.stop();
        previous.forEach(root::addAppender);
    }

    private static List<Appender<ILoggingEvent>> detachAll(final Logger root) {
        final List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (final Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        appenders.forEach(root::detachAppender);
        return appenders;
    }

    private static FileAppender<ILoggingEvent> fileAppender(final LoggerContext context, final Path logFile) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        final FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("jobqueue-log-file");
        appender.setFile(logFile.toString());
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
