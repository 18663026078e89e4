package org.jobqueue.topology.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottledWarningsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private ThrottledWarnings warnings;

    @BeforeEach
    void logger() {
        final LoggerContext context = new LoggerContext();
        final Logger log = context.getLogger("test");
        lines.setContext(context);
        lines.start();
        log.addAppender(lines);
        warnings = new ThrottledWarnings(log, "dead-letter", 3, Duration.ofMinutes(1), now::get);
    }

    @Test
    void shouldLogAtMostTheLimitPerIntervalThenSayHowManyWereSuppressed() {
        // When: ten in one minute
        for (int i = 0; i < 10; i++) warnings.warn("dead-lettered job {}", "k" + i);

        // Then: the first three
        assertThat(messages()).containsExactly("dead-lettered job k0", "dead-lettered job k1", "dead-lettered job k2");

        // When: one more a minute later
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        warnings.warn("dead-lettered job {}", "k10");

        // Then: the count of the seven left out, then the line
        assertThat(messages().subList(3, 5))
                .containsExactly(
                        "suppressed 7 more dead-letter warnings (at most 3 every 60 s)", "dead-lettered job k10");
        assertThat(lines.list)
                .allSatisfy(line -> assertThat(line.getLevel().toString()).isEqualTo("WARN"));
    }

    @Test
    void shouldSayNothingOfSuppressionWhenNothingWasSuppressed() {
        // When: two in one minute, two in the next
        warnings.warn("a");
        warnings.warn("b");
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        warnings.warn("c");

        // Then
        assertThat(messages()).containsExactly("a", "b", "c");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
