package org.jobqueue.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jobqueue.schemas.FanoutTarget;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.JobEventParser;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.jobqueue.serdes.json.ParseResult;
import org.jobqueue.tools.events.JobTypes;
import org.junit.jupiter.api.Test;

class DemoPlannerTest {
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JobEventParser PARSER = new JobEventParser(4 * 1024 * 1024);

    private final DemoPlan plan = DemoPlanner.plan(2000, START, 42);

    @Test
    void shouldPlanTheMixTheDemoShows() {
        // Then
        assertThat(plan.size()).isEqualTo(2000);
        assertThat(plan.count(JobKind.SHA1_DUPLICATE)).isEqualTo(200);
        assertThat(plan.count(JobKind.REPLAY)).isEqualTo(40);
        assertThat(plan.count(JobKind.DELAYED)).isEqualTo(100);
        assertThat(plan.count(JobKind.FAILS_ONCE)).isEqualTo(100);
        assertThat(plan.count(JobKind.FAILS_ALWAYS)).isEqualTo(20);
        assertThat(plan.count(JobKind.READ_ONLY)).isEqualTo(5);
        assertThat(plan.count(JobKind.SUPERSEDED)).isEqualTo(10);
        assertThat(plan.count(JobKind.SUPERSEDING)).isEqualTo(10);
        assertThat(plan.count(JobKind.INVALID)).isEqualTo(2);
        assertThat(plan.count(JobKind.RECURSIVE)).isEqualTo(2);
        assertThat(plan.backlinks()).hasSize(DemoPlanner.DEFAULT_BACKLINKS);
    }

    @Test
    void shouldPlanOneRecursiveJobOfEachFanningOutTypeForTheTemplate() {
        // When
        final List<Job> recursive = events(JobKind.RECURSIVE).stream()
                .map(event -> ((ParseResult.Valid) PARSER.parse(event.json(), event.topic())).job())
                .toList();

        // Then
        assertThat(recursive)
                .extracting(Job::getType)
                .containsExactlyInAnyOrder(JobTypes.REFRESH_LINKS, JobTypes.HTML_CACHE_UPDATE);
        assertThat(recursive).allSatisfy(job -> {
            assertThat(job.getDatabase()).isEqualTo("enwiki");
            assertThat(job.getFanout()).isEqualTo(new FanoutTarget("templatelinks", 10, "Infobox", 0L));
            assertThat(job.getRootEvent()).isNotNull();
            assertThat(job.getWorkItems()).isZero();
        });
        assertThat(recursive)
                .extracting(job -> job.getRootEvent().getSignature())
                .doesNotHaveDuplicates();
        assertThat(events(JobKind.RECURSIVE))
                .extracting(PlannedEvent::sendAfter)
                .containsOnly(DemoPlanner.TEMPLATE_EDIT_AFTER);
    }

    @Test
    void shouldPlanTheTemplatesBacklinksAsValidChangesOfDistinctPages() {
        // Given
        final LinkChangeParser parser = new LinkChangeParser();

        // When
        final DemoPlan small = DemoPlanner.plan(200, 300, START, 42);

        // Then
        assertThat(small.backlinks()).hasSize(300);
        assertThat(small.backlinks()).allSatisfy(change -> {
            assertThat(targetOf(change)).isEqualTo("enwiki|templatelinks|10|Infobox");
            assertThat(change.getAdd()).isTrue();
            assertThat(parser.parse(LinkChangeParser.write(change))).isEqualTo(new LinkChangeParser.Valid(change));
        });
        assertThat(small.backlinks()).extracting(LinkChange::getSourcePageId).doesNotHaveDuplicates();
        assertThat(small.backlinks()).extracting(LinkChange::getSourceTitle).doesNotHaveDuplicates();
    }

    @Test
    void shouldWriteJobsTheParserAcceptsAndInputsItRejects() {
        // Then
        for (final PlannedEvent event : plan.events()) {
            final ParseResult parsed = PARSER.parse(event.json(), event.topic());
            if (event.kind() == JobKind.INVALID) {
                assertThat(parsed).isInstanceOf(ParseResult.Invalid.class);
            } else {
                assertThat(parsed).as(new String(event.json())).isInstanceOf(ParseResult.Valid.class);
            }
        }
    }

    @Test
    void shouldSendInOrderOverAboutTenSeconds() {
        // Then
        final List<Duration> times =
                plan.events().stream().map(PlannedEvent::sendAfter).toList();
        assertThat(times).isSorted();
        assertThat(times.get(times.size() - 1)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void shouldReplayEventsByteForByte() {
        // Given
        final Set<String> originals = plan.events().stream()
                .filter(event -> event.kind() != JobKind.REPLAY)
                .map(event -> new String(event.json(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());

        // Then
        assertThat(events(JobKind.REPLAY))
                .allSatisfy(
                        replay -> assertThat(originals).contains(new String(replay.json(), StandardCharsets.UTF_8)));
    }

    @Test
    void shouldDuplicateJobsWithTheirSha1InANewerEvent() {
        // Given
        final Map<JsonNode, JsonNode> originalsBySha1 = plan.events().stream()
                .filter(event -> event.kind() == JobKind.PLAIN || event.kind() == JobKind.DELAYED)
                .map(DemoPlannerTest::tree)
                .filter(event -> event.has("sha1"))
                .collect(Collectors.toMap(event -> event.get("sha1"), event -> event));

        // Then
        for (final PlannedEvent duplicate : events(JobKind.SHA1_DUPLICATE)) {
            final JsonNode copy = tree(duplicate);
            final JsonNode original = originalsBySha1.get(copy.get("sha1"));
            assertThat(original).isNotNull();
            assertThat(copy.get("database")).isEqualTo(original.get("database"));
            assertThat(copy.at("/meta/id")).isNotEqualTo(original.at("/meta/id"));
            assertThat(Instant.parse(copy.at("/meta/dt").textValue()))
                    .isAfterOrEqualTo(Instant.parse(original.at("/meta/dt").textValue()));
        }
    }

    @Test
    void shouldDelayTheOlderRootsJobsPastTheNewerRoot() {
        // Then
        final JsonNode newer = tree(events(JobKind.SUPERSEDING).get(0));
        for (final PlannedEvent event : events(JobKind.SUPERSEDED)) {
            final JsonNode older = tree(event);
            assertThat(older.at("/root_event/signature")).isEqualTo(newer.at("/root_event/signature"));
            assertThat(older.get("database")).isEqualTo(newer.get("database"));
            assertThat(Instant.parse(older.at("/root_event/dt").textValue()))
                    .isBefore(Instant.parse(newer.at("/root_event/dt").textValue()));
            assertThat(Instant.parse(older.get("delay_until").textValue()))
                    .isAfter(START.plus(events(JobKind.SUPERSEDING).get(0).sendAfter())
                            .plusSeconds(2));
        }
    }

    @Test
    void shouldPlanTheSameStreamForTheSameSeed() {
        // When
        final DemoPlan again = DemoPlanner.plan(2000, START, 42);

        // Then
        for (int i = 0; i < plan.size(); i++) {
            assertThat(again.events().get(i).json())
                    .isEqualTo(plan.events().get(i).json());
        }
    }

    @Test
    void shouldNeedEnoughJobsForEveryKind() {
        assertThatThrownBy(() -> DemoPlanner.plan(10, START, 42)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String targetOf(final LinkChange change) {
        return change.getDatabase() + "|" + change.getTable() + "|" + change.getTargetNamespace() + "|"
                + change.getTargetTitle();
    }

    private List<PlannedEvent> events(final JobKind kind) {
        return plan.events().stream().filter(event -> event.kind() == kind).toList();
    }

    private static JsonNode tree(final PlannedEvent event) {
        try {
            return JSON.readTree(event.json());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
