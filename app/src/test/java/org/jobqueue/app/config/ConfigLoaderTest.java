package org.jobqueue.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jobqueue.topology.config.ExecutorConfig;
import org.jobqueue.topology.config.FanoutConfig;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.ProcessingGuarantee;
import org.jobqueue.topology.config.QueueConfig;
import org.jobqueue.topology.config.RetryConfig;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.config.TypeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void shouldReadTheTopLevelSettings() {
        // Given config/complete.yaml, When it is loaded
        final JobQueueConfig config = complete();

        // Then
        assertThat(config.dc()).isEqualTo("eqiad");
        assertThat(config.consumeDcs()).containsExactly("eqiad", "codfw");
        assertThat(config.applicationId()).isEqualTo("jobqueue-test");
        assertThat(config.stateDir()).isEqualTo("./state");
        assertThat(config.processingGuarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void shouldReadKafkaPropertiesAsStrings() {
        // Given config/complete.yaml, When it is loaded
        final JobQueueConfig config = complete();

        // Then
        assertThat(config.kafka())
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("num.stream.threads", "4")
                .containsEntry("consumer.max.poll.records", "500")
                .containsEntry("main.consumer.metadata.max.age.ms", "10000")
                .containsEntry("topic.min.insync.replicas", "2")
                .containsEntry("client.tag.zone", "eu-west-1a")
                .hasSize(8);
    }

    @Test
    void shouldReadTopicsAndQueue() {
        // Given config/complete.yaml, When it is loaded
        final JobQueueConfig config = complete();

        // Then
        assertThat(config.topics()).isEqualTo(new TopicsConfig(16, (short) 3));
        assertThat(config.queue())
                .isEqualTo(new QueueConfig(
                        Map.of("high", 400, "normal", 100, "low", 25),
                        Duration.ofHours(1),
                        Duration.ofHours(24),
                        Duration.ofMillis(250),
                        5000,
                        1_048_576));
    }

    @Test
    void shouldReadTheExecutor() {
        // Given config/complete.yaml, When it is loaded
        final JobQueueConfig config = complete();

        // Then
        assertThat(config.executor().endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080/rpc/RunSingleJob.php"));
        assertThat(config.executor().timeout()).isEqualTo(Duration.ofMinutes(7));
        assertThat(config.executor().secret()).isNull();
        assertThat(config.executor().concurrency()).isEqualTo(Map.of("high", 40, "normal", 20, "low", 10));
        assertThat(config.executor().drainTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.executor().throttle())
                .isEqualTo(new ExecutorConfig.Throttle(Duration.ofSeconds(2), Duration.ofMinutes(10)));
        assertThat(config.executor().circuit())
                .isEqualTo(new ExecutorConfig.Circuit(
                        0.75, 20, Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofMinutes(2)));
    }

    @Test
    void shouldDefaultTheExecutorsSickEndpointSettings() {
        // Given an executor with only a timeout
        final String yaml = "dc: eqiad\nexecutor: {timeout: 2h}\n";

        // When it is parsed
        final ExecutorConfig executor = ConfigLoader.parse("config.yaml", yaml).executor();

        // Then the drain waits as long as a call may take, and the throttle and circuit have their defaults
        assertThat(executor.drainTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(executor.throttle())
                .isEqualTo(new ExecutorConfig.Throttle(Duration.ofSeconds(1), Duration.ofMinutes(5)));
        assertThat(executor.circuit())
                .isEqualTo(new ExecutorConfig.Circuit(
                        0.5, 10, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    @Test
    void shouldNameAnUnknownCircuitKey() {
        // Given a misspelt key in executor.circuit
        final String yaml = "dc: eqiad\nexecutor: {circuit: {ratio: 0.5}}\n";

        // When it is parsed, Then the message names it and the keys allowed there
        assertThat(errorFor(yaml))
                .isEqualTo("config.yaml: unknown key 'executor.circuit.ratio' (expected one of: failure_ratio,"
                        + " min_calls, window, probe_backoff, max_probe_backoff)");
        assertThat(errorFor("dc: eqiad\nexecutor: {throttle: {max: 1m}}\n"))
                .isEqualTo("config.yaml: unknown key 'executor.throttle.max' (expected one of: wait, max_wait)");
    }

    @Test
    void shouldRejectACircuitSettingOutOfRange() {
        assertThat(errorFor("dc: eqiad\nexecutor: {circuit: {failure_ratio: 1.5}}\n"))
                .isEqualTo("config.yaml: 'executor.circuit': failure_ratio must be above 0 and at most 1, got 1.5");
        assertThat(errorFor("dc: eqiad\nexecutor: {circuit: {probe_backoff: 2m}}\n"))
                .isEqualTo("config.yaml: 'executor.circuit': max_probe_backoff must be at least probe_backoff");
        assertThat(errorFor("dc: eqiad\nexecutor: {drain_timeout: 0s, throttle: {wait: 0s}}\n"))
                .isEqualTo("config.yaml: 'executor.throttle': wait must be above 0");
    }

    @Test
    void shouldReadDefaultsAndTypes() {
        // Given config/complete.yaml, When it is loaded
        final JobQueueConfig config = complete();

        // Then
        assertThat(config.defaults().priority()).isEqualTo("normal");
        assertThat(config.defaults().retry()).isEqualTo(new RetryConfig(2, Duration.ofSeconds(60), 6.0));
        assertThat(config.defaults().rootClaimTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.type("refreshLinks").fanout()).isEqualTo(new FanoutConfig(300, 1));
        assertThat(config.type("htmlCacheUpdate").fanout()).isEqualTo(new FanoutConfig(300, 100));
        assertThat(config.type("cdnPurge")).isEqualTo(new TypeConfig("high", 200.0, null, null, null));
        assertThat(config.type("flaggedRevs").isEnabled()).isFalse();
        assertThat(config.retryOf("flaggedRevs").limit()).isZero();
    }

    @Test
    void shouldLoadTheExampleOfTheDesign() {
        // Given the example of DESIGN §6, copied verbatim
        final Path example = resource("config/design-example.yaml");

        // When it is loaded
        final JobQueueConfig config = ConfigLoader.load(example);

        // Then
        assertThat(config.dc()).isEqualTo("eqiad");
        assertThat(config.kafka()).isEqualTo(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        assertThat(config.executor().secret()).isNull();
        assertThat(config.priorityOf("cdnPurge")).isEqualTo("high");
        assertThat(config.priorityOf("refreshLinks")).isEqualTo("low");
        assertThat(config.priorityOf("anythingElse")).isEqualTo("normal");
        assertThat(config.type("cdnPurge").rate()).isEqualTo(200.0);
    }

    @Test
    void shouldFillInEveryDefaultWhenOnlyTheDcIsGiven() {
        // Given a file with only a dc
        final String yaml = "dc: eqiad\n";

        // When it is parsed
        final JobQueueConfig config = ConfigLoader.parse("config.yaml", yaml);

        // Then it equals the all-defaults configuration
        assertThat(config).isEqualTo(JobQueueConfig.of("eqiad"));
    }

    @Test
    void shouldReadEveryDurationUnit() {
        // Given durations in each unit
        final String yaml = "dc: eqiad\nqueue: {tick: 500ms, claim_ttl: 90s, dedup_window: 30m}\n"
                + "executor: {timeout: 2h}\ndefaults: {root_claim_ttl: 3d}\n";

        // When they are parsed
        final JobQueueConfig config = ConfigLoader.parse("config.yaml", yaml);

        // Then each has its unit
        assertThat(config.queue().tick()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.queue().claimTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.queue().dedupWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.executor().timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(config.defaults().rootClaimTtl()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void shouldNameTheUnknownKeyAndTheKeysExpectedThere() {
        // Given a misspelt key in a job type
        final String yaml = "dc: eqiad\ntypes:\n  cdnPurge: {rat: 200}\n";

        // When it is parsed, Then the message names the full path and the keys allowed there, in documented order
        assertThat(errorFor(yaml))
                .isEqualTo("config.yaml: unknown key 'types.cdnPurge.rat'"
                        + " (expected one of: priority, rate, enabled, retry, fanout, concurrency, endpoint, timeout,"
                        + " max_in_flight)");
    }

    @Test
    void shouldNameAnUnknownTopLevelKey() {
        // Given an unknown key at the top level
        final String yaml = "dc: eqiad\nconsumer_dcs: [eqiad]\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml))
                .isEqualTo("config.yaml: unknown key 'consumer_dcs' (expected one of: dc, consume_dcs,"
                        + " application_id, kafka, state_dir, processing_guarantee, topics, queue, executor,"
                        + " defaults, types, periodic)");
    }

    @Test
    void shouldExplainAnInvalidDuration() {
        // Given a duration with an unknown unit
        final String yaml = "dc: eqiad\ndefaults: {retry: {delay: 60x}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml))
                .isEqualTo("config.yaml: 'defaults.retry.delay': '60x' is not a duration: expected a whole number"
                        + " and one of ms, s, m, h, d (e.g. 60s)");
    }

    @Test
    void shouldRejectADurationWithoutAUnit() {
        // Given a bare number where a duration belongs
        final String yaml = "dc: eqiad\nqueue: {tick: 100}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).startsWith("config.yaml: 'queue.tick': '100' is not a duration");
    }

    @Test
    void shouldRejectAMappingWhereADurationBelongs() {
        // Given a mapping where a duration belongs
        final String yaml = "dc: eqiad\nexecutor: {timeout: {minutes: 7}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).startsWith("config.yaml: 'executor.timeout': expected a duration");
    }

    @Test
    void shouldListTheLanesForAnUnknownOne() {
        // Given a type in a lane that queue.in_flight does not have
        final String yaml = "dc: eqiad\ntypes: {webVideoTranscode: {priority: video}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml))
                .endsWith("types.webVideoTranscode.priority: unknown lane 'video' (lanes: high, normal, low)");
    }

    @Test
    void shouldMatchLaneNamesCaseSensitively() {
        // Given a priority in capitals
        final String yaml = "dc: eqiad\ndefaults: {priority: HIGH}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).endsWith("defaults.priority: unknown lane 'HIGH' (lanes: high, normal, low)");
    }

    @Test
    void shouldReadLanesOfOnesOwnWithTheirTypes() {
        // Given a video lane and types with their own concurrency, endpoint, timeout and share of the window
        final String yaml = "dc: eqiad\n"
                + "queue: {in_flight: {video: 10}}\n"
                + "executor: {concurrency: {video: 2}}\n"
                + "types:\n"
                + "  refreshLinks: {priority: low, concurrency: 8, max_in_flight: 40}\n"
                + "  webVideoTranscode: {priority: video, endpoint: 'http://videoscaler.example:8080/rpc/RunSingleJob.php',"
                + " timeout: 1d}\n";

        // When it is parsed
        final JobQueueConfig config = ConfigLoader.parse("config.yaml", yaml);

        // Then
        assertThat(config.queue().lanes()).containsExactly("high", "normal", "low", "video");
        assertThat(config.topicRegistry().writtenTopicNames()).contains("eqiad.jobqueue.commands.video");
        assertThat(config.priorityOf("webVideoTranscode")).isEqualTo("video");
        assertThat(config.type("webVideoTranscode").timeout()).isEqualTo(Duration.ofDays(1));
        assertThat(config.type("webVideoTranscode").endpoint())
                .hasToString("http://videoscaler.example:8080/rpc/RunSingleJob.php");
        assertThat(config.type("refreshLinks").concurrency()).isEqualTo(8);
        assertThat(config.type("refreshLinks").maxInFlight()).isEqualTo(40);
    }

    @Test
    void shouldRefuseALaneWithoutExecutorConcurrency() {
        // Given a video lane that no executor setting covers
        final String yaml = "dc: eqiad\nqueue: {in_flight: {video: 10}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml))
                .endsWith("executor.concurrency: no entry for lane 'video' (every lane of queue.in_flight needs one)");
    }

    @Test
    void shouldRefuseATypeCapBelowOne() {
        // Given a type capped at no call at all
        final String yaml = "dc: eqiad\ntypes: {refreshLinks: {concurrency: 0}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).endsWith("concurrency must be 1 or more, got 0");
    }

    @Test
    void shouldListProcessingGuaranteesAsTheFileSpellsThem() {
        // Given the Java name of a guarantee instead of its configuration name
        final String yaml = "dc: eqiad\nprocessing_guarantee: EXACTLY_ONCE_V2\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml))
                .isEqualTo("config.yaml: 'processing_guarantee': 'EXACTLY_ONCE_V2' is not one of exactly_once_v2,"
                        + " at_least_once");
    }

    @Test
    void shouldRejectAnUnknownLaneAsAMapKey() {
        // Given an unknown lane in executor.concurrency
        final String yaml = "dc: eqiad\nexecutor: {concurrency: {urgent: 5}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml))
                .endsWith("executor.concurrency.urgent: unknown lane 'urgent' (lanes: high, normal, low)");
    }

    @Test
    void shouldRejectTextWhereANumberBelongs() {
        // Given words where numbers belong
        final String rate = "dc: eqiad\ntypes: {cdnPurge: {rate: fast}}\n";
        final String partitions = "dc: eqiad\ntopics: {partitions: many}\n";

        // When they are parsed, Then
        assertThat(errorFor(rate)).isEqualTo("config.yaml: 'types.cdnPurge.rate': 'fast' is not a number");
        assertThat(errorFor(partitions)).isEqualTo("config.yaml: 'topics.partitions': 'many' is not a whole number");
    }

    @Test
    void shouldRejectAFractionWhereAWholeNumberBelongs() {
        // Given a fractional retry limit
        final String yaml = "dc: eqiad\ndefaults: {retry: {limit: 1.5}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: 'defaults.retry.limit': '1.5' is not a whole number");
    }

    @Test
    void shouldRejectAnythingButTrueOrFalseForAFlag() {
        // Given a word that is not a boolean
        final String yaml = "dc: eqiad\ntypes: {cdnPurge: {enabled: maybe}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: 'types.cdnPurge.enabled': 'maybe' is not true or false");
    }

    @Test
    void shouldRejectAnInvalidEndpoint() {
        // Given an endpoint with a space
        final String yaml = "dc: eqiad\nexecutor: {endpoint: 'http://mw host/rpc'}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: 'executor.endpoint': 'http://mw host/rpc' is not a URI");
    }

    @Test
    void shouldRejectAScalarWhereAMappingOrListBelongs() {
        // Given the wrong kind of value for a mapping and for a list
        final String type = "dc: eqiad\ntypes: {cdnPurge: high}\n";
        final String dcs = "dc: eqiad\nconsume_dcs: eqiad\n";

        // When they are parsed, Then
        assertThat(errorFor(type)).isEqualTo("config.yaml: 'types.cdnPurge': expected a mapping (key: value)");
        assertThat(errorFor(dcs)).isEqualTo("config.yaml: 'consume_dcs': expected a list");
    }

    @Test
    void shouldIndexListElementsInThePath() {
        // Given a list holding a list
        final String yaml = "dc: eqiad\nconsume_dcs: [eqiad, [codfw]]\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: 'consume_dcs[1]': expected a string");
    }

    @Test
    void shouldRejectAKeyWithoutAValueInAMapping() {
        // Given a job type and a list element with nothing after them
        final String type = "dc: eqiad\ntypes:\n  cdnPurge:\n";
        final String dc = "dc: eqiad\nconsume_dcs: [eqiad, null]\n";

        // When they are parsed, Then
        assertThat(errorFor(type)).isEqualTo("config.yaml: 'types.cdnPurge' has no value");
        assertThat(errorFor(dc)).isEqualTo("config.yaml: 'consume_dcs[1]' has no value");
    }

    @Test
    void shouldPrefixARangeErrorWithThePathOfItsSection() {
        // Given values that the configuration records reject
        final String batch = "dc: eqiad\ntypes: {refreshLinks: {fanout: {batch: 0}}}\n";
        final String partitions = "dc: eqiad\ntopics: {partitions: 0}\n";
        final String lanes = "dc: eqiad\nqueue: {in_flight: {low: 0}}\n";
        final String minIsr = "dc: eqiad\ntopics: {replication_factor: 2, min_insync_replicas: 3}\n";

        // When they are parsed, Then
        assertThat(errorFor(batch))
                .isEqualTo("config.yaml: 'types.refreshLinks.fanout': batch must be 1 or more, got 0");
        assertThat(errorFor(partitions)).isEqualTo("config.yaml: 'topics': partitions must be 1 or more, got 0");
        assertThat(errorFor(lanes)).isEqualTo("config.yaml: 'queue': in_flight.low must be 1 or more, got 0");
        assertThat(errorFor(minIsr))
                .isEqualTo("config.yaml: 'topics': min_insync_replicas (3) must not exceed replication_factor (2):"
                        + " no write could succeed");
    }

    @Test
    void shouldReportTopLevelRuleViolationsWithoutAPath() {
        // Given no dc, and a dc that is not a valid name
        final String missing = "consume_dcs: [eqiad]\n";
        final String invalid = "dc: EQIAD\n";

        // When they are parsed, Then
        assertThat(errorFor(missing)).isEqualTo("config.yaml: dc is required");
        assertThat(errorFor(invalid)).isEqualTo("config.yaml: dc must match [a-z0-9_-]+, got 'EQIAD'");
    }

    @Test
    void shouldNameUnknownKafkaProperties() {
        // Given a misspelt Kafka property and an unknown one behind a valid prefix
        final String yaml =
                "dc: eqiad\nkafka: {bootstrap.server: x, main.consumer.max.pol.records: 5, num.stream.threads: 2}\n";

        // When it is parsed, Then both are named
        assertThat(errorFor(yaml))
                .startsWith("config.yaml: unknown Kafka property 'kafka.bootstrap.server',"
                        + " 'kafka.main.consumer.max.pol.records' (expected a Kafka Streams, consumer, producer or"
                        + " admin client property");
    }

    @Test
    void shouldRejectANestedValueInTheKafkaMap() {
        // Given a mapping as a Kafka property value
        final String yaml = "dc: eqiad\nkafka: {bootstrap.servers: {host: x}}\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: 'kafka.bootstrap.servers': expected a string");
    }

    @Test
    void shouldRejectInvalidYaml() {
        // Given text that is not YAML
        final String yaml = "dc: eqiad\n  types: [\n";

        // When it is parsed, Then the message gives the position
        assertThat(errorFor(yaml)).startsWith("config.yaml: not valid YAML at line 2, column ");
    }

    @Test
    void shouldRejectADuplicateKey() {
        // Given a key given twice
        final String yaml = "dc: eqiad\ndc: codfw\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: not valid YAML at line 2, column 3: Duplicate field 'dc'");
    }

    @Test
    void shouldRejectASecondDocument() {
        // Given two YAML documents
        final String yaml = "dc: eqiad\n---\ndc: codfw\n";

        // When it is parsed, Then
        assertThat(errorFor(yaml)).isEqualTo("config.yaml: holds more than one YAML document (expected exactly one)");
    }

    @Test
    void shouldRejectAnEmptyFileAndANonMapping() {
        // Given an empty file and a list at the top level
        final String empty = "";
        final String list = "- dc\n- eqiad\n";

        // When they are parsed, Then
        assertThat(errorFor(empty)).isEqualTo("config.yaml: is empty (at least 'dc' is required)");
        assertThat(errorFor(list))
                .isEqualTo("config.yaml: expected a mapping of settings (key: value) at the top level");
    }

    @Test
    void shouldNameAMissingFile(@TempDir final Path dir) {
        // Given a path with no file
        final Path missing = dir.resolve("nope.yaml");

        // When it is loaded, Then
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void shouldNameTheFileItLoads(@TempDir final Path dir) throws IOException {
        // Given a file with an error
        final Path file = Files.writeString(dir.resolve("jobqueue.yaml"), "dc: eqiad\nstate: x\n");

        // When it is loaded, Then the message starts with the file's path
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": unknown key 'state'");
    }

    @Test
    void shouldKeepTheJacksonErrorAsTheCause() {
        // Given an invalid file
        final String yaml = "dc: eqiad\nqueue: {tick: soon}\n";

        // When it is parsed, Then the original error stays available for debugging
        assertThatThrownBy(() -> ConfigLoader.parse("config.yaml", yaml)).hasCauseInstanceOf(IOException.class);
    }

    private static String errorFor(final String yaml) {
        try {
            ConfigLoader.parse("config.yaml", yaml);
        } catch (final ConfigException expected) {
            return expected.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    private static JobQueueConfig complete() {
        return ConfigLoader.load(resource("config/complete.yaml"));
    }

    private static Path resource(final String name) {
        try {
            return Path.of(
                    ConfigLoaderTest.class.getClassLoader().getResource(name).toURI());
        } catch (final URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
