package org.jobqueue.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jobqueue.app.executor.JobExecutors;
import org.jobqueue.app.run.JobQueueInstance;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.LaneNames;
import org.jobqueue.topology.inspect.TypeDepth;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard in {@code ops/grafana}: valid JSON that queries only what the exposition produces. */
class DashboardTest {
    private static final Path DASHBOARD = Path.of("..", "ops", "grafana", "jobqueue.json");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(?:jobqueue|jvm|process)_[a-zA-Z0-9_]+");
    private static final JobQueueConfig CONFIG = JobQueueConfig.of("eqiad");

    @Test
    void shouldQueryOnlyMetricsTheExpositionProduces() throws IOException {
        // Given
        final JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        // When
        final Set<String> queried = metricNames(queries(dashboard));
        // Then
        assertThat(queried).isNotEmpty().isSubsetOf(exposedNames());
    }

    @Test
    void shouldHaveAPanelForEachConcern() throws IOException {
        final List<String> queries = queries(new ObjectMapper().readTree(Files.readString(DASHBOARD)));
        assertThat(metricNames(queries))
                .contains(
                        "jobqueue_queue_jobs",
                        "jobqueue_queue_oldest_seconds",
                        "jobqueue_jobs_total",
                        "jobqueue_release_delay_seconds_bucket",
                        "jobqueue_executor_start_delay_seconds_bucket",
                        "jobqueue_executor_call_seconds_bucket",
                        "jobqueue_executor_in_flight",
                        "jobqueue_executor_throttled_total");
        assertThat(queries).anyMatch(query -> query.contains("outcome=\"dead_lettered\""));
    }

    /** Every series name of a scrape of an instance's and an executor's metrics, with every kind of series. */
    private static Set<String> exposedNames() throws IOException {
        final JobQueueInstance instance = new JobQueueInstance(CONFIG);
        for (final Outcome outcome : Outcome.values()) instance.metrics().count("refreshLinks", outcome);
        instance.metrics().countDeduplicated("refreshLinks", "sha1-waiting");
        instance.metrics().countFanout("htmlCacheUpdate", "leaves-emitted", 1);
        final MetricRegistry executorRegistry = new MetricRegistry();
        new JobExecutors(CONFIG, Set.copyOf(LaneNames.BUILT_IN), executorRegistry);
        final Set<String> names = new TreeSet<>();
        names.addAll(seriesNames(
                PrometheusMetrics.of(instance.metrics().registry(), CONFIG).scrape()));
        names.addAll(seriesNames(PrometheusMetrics.of(executorRegistry, CONFIG).scrape()));
        names.addAll(seriesNames(new QueueDepthCollector(
                        () -> List.of(new TypeDepth("low", "refreshLinks", null, 1, 1, 1, 1, 0L)),
                        "eqiad",
                        System::currentTimeMillis)
                .collect()));
        return names;
    }

    private static Set<String> seriesNames(final MetricSnapshots snapshots) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, snapshots);
        final Set<String> names = new TreeSet<>();
        out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    private static List<String> queries(final JsonNode dashboard) {
        final List<String> queries = new ArrayList<>();
        for (final JsonNode panel : dashboard.path("panels")) {
            for (final JsonNode target : panel.path("targets"))
                queries.add(target.path("expr").asText());
        }
        for (final JsonNode variable : dashboard.path("templating").path("list")) {
            queries.add(variable.path("definition").asText());
        }
        return queries;
    }

    private static Set<String> metricNames(final List<String> queries) {
        final Set<String> names = new TreeSet<>();
        for (final String query : queries) {
            final Matcher matcher = METRIC_NAME.matcher(query);
            while (matcher.find()) names.add(matcher.group());
        }
        return names;
    }
}
