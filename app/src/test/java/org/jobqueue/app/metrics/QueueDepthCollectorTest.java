package org.jobqueue.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jobqueue.topology.inspect.TypeDepth;
import org.junit.jupiter.api.Test;

class QueueDepthCollectorTest {
    private static final long NOW = 1_000_000;

    @Test
    void shouldSumTheDepthsOfThePartitionsPerLaneAndType() throws IOException {
        // Given two partitions' depths
        final List<TypeDepth> depths = List.of(
                new TypeDepth("high", "refreshLinks", null, 3, 1, 2, 0, NOW - 5_000),
                new TypeDepth("high", "refreshLinks", null, 4, 0, 1, 1, NOW - 90_000),
                new TypeDepth("low", "cdnPurge", null, 0, 6, 0, 0, null));
        // When
        final List<String> lines = lines(depths);
        // Then
        assertThat(lines)
                .contains(
                        "jobqueue_queue_jobs{dc=\"eqiad\",lane=\"high\",state=\"ready\",type=\"refreshLinks\"} 7.0",
                        "jobqueue_queue_jobs{dc=\"eqiad\",lane=\"high\",state=\"delayed\",type=\"refreshLinks\"} 1.0",
                        "jobqueue_queue_jobs{dc=\"eqiad\",lane=\"high\",state=\"in_flight\",type=\"refreshLinks\"} 3.0",
                        "jobqueue_queue_jobs{dc=\"eqiad\",lane=\"high\",state=\"held\",type=\"refreshLinks\"} 1.0",
                        "jobqueue_queue_oldest_seconds{dc=\"eqiad\",lane=\"high\",type=\"refreshLinks\"} 90.0",
                        "jobqueue_queue_jobs{dc=\"eqiad\",lane=\"low\",state=\"delayed\",type=\"cdnPurge\"} 6.0",
                        "jobqueue_queue_oldest_seconds{dc=\"eqiad\",lane=\"low\",type=\"cdnPurge\"} 0.0");
    }

    @Test
    void shouldExposeNoSeriesWithoutPartitions() throws IOException {
        assertThat(lines(List.of())).noneMatch(line -> line.startsWith("jobqueue_queue"));
    }

    @Test
    void shouldKeepATypeAtZeroOnceItsLastJobIsGone() throws IOException {
        // Given a type seen at one scrape
        final List<Collection<TypeDepth>> scrapes =
                new ArrayList<>(List.of(List.of(new TypeDepth("low", "cdnPurge", null, 2, 0, 0, 0, NOW)), List.of()));
        final QueueDepthCollector collector = new QueueDepthCollector(() -> scrapes.remove(0), "eqiad", () -> NOW);
        lines(collector);
        // When its jobs are gone (the store has no key for it any more)
        final List<String> lines = lines(collector);
        // Then its series stay, at 0
        assertThat(lines)
                .contains(
                        "jobqueue_queue_jobs{dc=\"eqiad\",lane=\"low\",state=\"ready\",type=\"cdnPurge\"} 0.0",
                        "jobqueue_queue_oldest_seconds{dc=\"eqiad\",lane=\"low\",type=\"cdnPurge\"} 0.0");
    }

    private static List<String> lines(final Collection<TypeDepth> depths) throws IOException {
        return lines(new QueueDepthCollector(() -> depths, "eqiad", () -> NOW));
    }

    private static List<String> lines(final QueueDepthCollector collector) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, collector.collect());
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
