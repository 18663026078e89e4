package org.jobqueue.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jobqueue.app.JobQueueCommand;
import org.jobqueue.it.support.Browser;
import org.jobqueue.it.support.KafkaClusterExtension;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.JobQueueProcess;
import org.jobqueue.tools.processes.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The web page of a {@code jobqueue run} process in headless Chromium: the overview counts a known load, the lookup box
 * finds a job, a pause from the page holds a type, and an event's {@code <script>} shows as text and never runs; an
 * hourly schedule shows its firing.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebPageIT {
    private static final int JOBS = 50;
    private static final String PAUSED_TYPE = "refreshLinks";
    private static final String PAUSED_FROM_THE_PAGE = "htmlCacheUpdate";
    private static final String SCRIPT_TYPE = "cdnPurge";
    private static final String SCRIPT = "<script>document.title='pwned';window.pwned=1;</script>";
    private static final String PERIODIC_TYPE = "periodicTick";
    private static final String TOKEN = "page-admin-token";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Duration HELD = Duration.ofSeconds(3);
    private static final Pattern ADMIN = Pattern.compile("admin: (http://\\S+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void shouldShowTheQueueFindJobsPauseATypeAndEscapeEvents(final TestInfo testInfo) throws Exception {
        // Given: a stub, an instance, an executor; one type paused before its jobs arrive
        final Deployment deployment = new Deployment(
                KAFKA,
                dir,
                Deployment.Settings.of("eqiad", KAFKA.uniqueApplicationId(testInfo))
                        .withConcurrencyPerLane(4)
                        .withHeapMb(256)
                        .withPeriodic("{hourly: {type: " + PERIODIC_TYPE + ", wikis: [enwiki], every: 1h}}"));
        final List<String> tokenArgs = List.of(
                "--admin-token-file",
                Files.writeString(dir.resolve("token"), TOKEN).toString());
        assertThat(JobQueueCommand.commandLine()
                        .execute("pause", "--config", deployment.config().toString(), "--type", PAUSED_TYPE))
                .isZero();
        final Workload workload = new Workload(JOBS, 5);
        final Workload.Job scripted = event(SCRIPT_TYPE, SCRIPT, "always");
        try (JobQueueProcess stub = deployment.startStub();
                JobQueueProcess run = deployment.startRun("run", Map.of(), tokenArgs);
                JobQueueProcess execute = deployment.startExecutors("execute");
                Browser browser = Browser.start(dir.resolve("chromium"))) {
            final String admin = run.awaitOutput(ADMIN, TIMEOUT);
            final WebDriver page = browser.driver();

            // When the known load arrives, with an event whose params hold a script
            deployment.produce(workload);
            deployment.produce(List.of(scripted));

            // Then the paused type waits, the others run, the scripted event ends dead-lettered
            final long waiting = ofType(workload, PAUSED_TYPE).stream()
                    .map(Workload.Job::identity)
                    .distinct()
                    .count();
            awaitOthersExecuted(deployment, workload);
            await("the paused type's jobs all ready")
                    .atMost(TIMEOUT)
                    .until(() -> depth(admin, PAUSED_TYPE, "ready") == waiting);
            await("the scripted event dead-lettered")
                    .atMost(TIMEOUT)
                    .until(() -> get(admin, "/api/jobs/" + scripted.eventId())
                            .path("job")
                            .path("state")
                            .asText()
                            .equals("dead-letter"));

            // And the overview counts them, and the arrivals once a sample has seen them (the hourly job's too)
            page.get(admin + "/");
            assertThat(cell(page, "tr[data-type='" + PAUSED_TYPE + "'] td.ready"))
                    .isEqualTo(Long.toString(waiting));
            await("the arrivals counted in the rates")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        page.navigate().refresh();
                        return cell(page, "td.total[data-outcome='arrived']").equals(Integer.toString(JOBS + 2));
                    });
            assertThat(page.findElement(By.id("periodic-table")).getText())
                    .contains("hourly " + PERIODIC_TYPE + " every 1h enwiki")
                    .contains(" ago");
            assertThat(page.findElements(By.cssSelector("svg.chart"))).hasSize(3);
            assertThat(page.findElement(By.cssSelector("#instances .state")).getText())
                    .isEqualTo("running");
            browser.screenshot("overview");

            // When a job is looked up in the box
            final Workload.Job sought = ofType(workload, PAUSED_TYPE).stream()
                    .filter(job -> !job.duplicate())
                    .findFirst()
                    .orElseThrow();
            page.findElement(By.id("lookup-id")).sendKeys(sought.eventId());
            page.findElement(By.cssSelector("form.lookup button")).click();

            // Then its page says where it is
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> page.getCurrentUrl().contains("/jobs/"));
            assertThat(page.findElement(By.id("job-state")).getText()).startsWith("waiting");
            assertThat(page.findElement(By.tagName("h1")).getText()).contains(sought.eventId());
            browser.screenshot("job");

            // When a type is paused from its page, with the token typed into the page
            page.get(admin + "/types/" + PAUSED_FROM_THE_PAGE);
            page.findElement(By.id("token")).sendKeys(TOKEN);
            page.findElement(By.id("token-save")).click();
            page.findElement(By.id("pause")).click();
            await("the page says the type is paused")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> page.findElement(By.id("type-state")).getText().equals("paused"));

            // Then its new jobs wait, and none of them runs
            final List<Workload.Job> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) held.add(event(PAUSED_FROM_THE_PAGE, "Held_" + i, null));
            deployment.produce(held);
            await("the held jobs waiting")
                    .atMost(TIMEOUT)
                    .until(() -> depth(admin, PAUSED_FROM_THE_PAGE, "ready") == held.size());
            final Set<String> heldIds = held.stream().map(Workload.Job::eventId).collect(Collectors.toSet());
            await("nothing of the type paused from the page runs")
                    .during(HELD)
                    .atMost(HELD.plusSeconds(5))
                    .until(() -> deployment.executionsById().keySet().stream().noneMatch(heldIds::contains));
            page.navigate().refresh();
            assertThat(cell(page, "tr[data-type='" + PAUSED_FROM_THE_PAGE + "'] td.ready"))
                    .isEqualTo(Integer.toString(held.size()));
            browser.screenshot("type-paused");

            // And the scripted event's params show as text on its type's page, and nothing of it ran
            page.get(admin + "/types/" + SCRIPT_TYPE);
            final String deadLetters = page.findElement(By.id("dead-letters")).getText();
            assertThat(deadLetters).contains(scripted.eventId()).contains(SCRIPT);
            assertThat(((JavascriptExecutor) page).executeScript("return typeof window.pwned"))
                    .isEqualTo("undefined");
            assertThat(page.getTitle()).isEqualTo(SCRIPT_TYPE + " · jobqueue");
            browser.screenshot("type-dead-letters");
        }
    }

    private static String cell(final WebDriver page, final String selector) {
        return page.findElement(By.cssSelector(selector)).getText().replace("\u202f", "");
    }

    private static void awaitOthersExecuted(final Deployment deployment, final Workload workload) {
        final Set<String> others = workload.jobs().stream()
                .filter(job -> !job.type().equals(PAUSED_TYPE) && !job.hopeless() && !job.duplicate())
                .map(Workload.Job::identity)
                .collect(Collectors.toSet());
        await("the jobs of the other types executed")
                .atMost(TIMEOUT)
                .until(() -> Deployment.executionsPerJob(workload, deployment.executionsById()).entrySet().stream()
                        .filter(job -> others.contains(job.getKey()))
                        .allMatch(job -> job.getValue() > 0));
    }

    private static long depth(final String admin, final String type, final String count) throws Exception {
        final JsonNode types = get(admin, "/api/queue?type=" + type).path("types");
        long sum = 0;
        for (final JsonNode row : types) sum += row.path(count).asLong();
        return sum;
    }

    /** A job event of {@code type} whose title is {@code title}, failing at the stub as {@code stubFail} says. */
    private static Workload.Job event(final String type, final String title, final String stubFail) throws Exception {
        final String eventId = UUID.randomUUID().toString();
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        final ObjectNode meta = event.putObject("meta");
        meta.put("id", eventId);
        meta.put("dt", Instant.now().toString());
        meta.put("stream", "mediawiki.job." + type);
        meta.put("domain", "en.wikipedia.org");
        meta.put("request_id", UUID.randomUUID().toString());
        event.put("database", "enwiki");
        event.put("type", type);
        final ObjectNode params = event.putObject("params");
        params.put("namespace", 0);
        params.put("title", title);
        if (stubFail != null) params.put("stub_fail", stubFail);
        return new Workload.Job(type, eventId, null, false, null, stubFail, JSON.writeValueAsBytes(event));
    }

    private static List<Workload.Job> ofType(final Workload workload, final String type) {
        return workload.jobs().stream().filter(job -> job.type().equals(type)).toList();
    }

    private static JsonNode get(final String admin, final String path) throws Exception {
        final HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
