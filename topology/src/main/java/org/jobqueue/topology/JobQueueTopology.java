package org.jobqueue.topology;

import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.serdes.Lanes;
import org.jobqueue.serdes.Topic;
import org.jobqueue.topology.config.JobQueueConfig;
import org.jobqueue.topology.config.ProcessingGuarantee;
import org.jobqueue.topology.config.TopicsConfig;
import org.jobqueue.topology.control.ControlRules;
import org.jobqueue.topology.errors.UnwritableRecordHandler;
import org.jobqueue.topology.fanout.ExpansionProcessor;
import org.jobqueue.topology.intake.HighLaneTimestamps;
import org.jobqueue.topology.intake.IntakeOutput;
import org.jobqueue.topology.intake.IntakeProcessor;
import org.jobqueue.topology.intake.LinkIntakeProcessor;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.periodic.PeriodicEvent;
import org.jobqueue.topology.periodic.PeriodicProcessor;
import org.jobqueue.topology.queue.QueueOutput;
import org.jobqueue.topology.queue.QueueProcessor;
import org.jobqueue.topology.queue.state.QueueStores;
import org.jobqueue.topology.roots.RootRegistry;

/**
 * Builds jobqueue's Kafka Streams topology: a pure function of the configuration.
 *
 * <pre>
 * job-events-source ─► intake ─┬─ valid ────────────────────────────┬┬► jobs-by-key-high ─┐
 *                              ├─ expand ─┐                        │└► jobs-by-key ──────┼► queue-input ─► queue ─┬► commands-sink (by lane)
 *                              ├─ invalid ┼──────────► invalid-sink │                     │                        └► dead-letter-sink
 *                              └─ root ─► roots-sink ─► root-registry (global)            │
 * links-source ─► link-intake ─┴─ expand ─► expansions-by-target ─► expansion (leaves)
 * results-source (every consumed DC) ────────────────────────────────────────────────────┘
 * jobs-by-key(-high) ─► periodic (wall clock: the schedules whose jobs queue in this partition) ─► periodic-sink
 * control-source ─► control-updater ─► control-rules (global): the operators' pauses and drops, read by intake and queue
 * </pre>
 *
 * <p>The high lane's jobs are read ahead of their time ({@link HighLaneTimestamps}) and have a repartition topic of
 * their own: a task takes its next record from the partition whose head is oldest, so they pass a backlog of the other
 * lanes in intake and again in the queue.
 */
public final class JobQueueTopology {
    /** The repartition of valid jobs by job key: its partitions are the queue partitions. */
    public static final String JOBS_BY_KEY = "jobs-by-key";
    /** The high lane's jobs, repartitioned like {@link #JOBS_BY_KEY}: the same queue tasks read both. */
    public static final String HIGH_LANE_JOBS_BY_KEY = "jobs-by-key-high";

    private JobQueueTopology() {}

    /** The internal topic whose partitions are the queue partitions, as Kafka Streams names it. */
    public static String queuePartitionsTopic(final JobQueueConfig config) {
        return config.applicationId() + "-" + JOBS_BY_KEY + "-repartition";
    }

    /**
     * The topology for {@code config}. Its processors report to the {@link JobQueueMetrics} found in the Kafka Streams
     * configuration under {@link JobQueueMetrics#CONFIG_KEY}.
     */
    public static Topology build(final JobQueueConfig config) {
        final JobQueueTopics topics = config.topicRegistry();
        final StreamsBuilder builder =
                new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties(config))));
        addRootRegistry(builder, topics, config);
        final Map<String, KStream<String, Job>> jobs = byLane(intake(builder, config, topics), config);
        final KStream<String, JobResult> results =
                builder.stream(topics.resultsPattern(), consumed(topics.results(), "results-source"));
        output(
                asQueueInput(jobs.get(HIGH_LANE_JOBS_BY_KEY))
                        .merge(asQueueInput(jobs.get(JOBS_BY_KEY)), Named.as("queue-jobs"))
                        .merge(asQueueInput(results), Named.as("queue-input"))
                        .process(QueueProcessor.supplier(config, topics), Named.as("queue")),
                topics);
        if (!config.periodic().isEmpty()) {
            periodic(
                    jobs.get(HIGH_LANE_JOBS_BY_KEY).merge(jobs.get(JOBS_BY_KEY), Named.as("periodic-jobs")),
                    config,
                    topics);
        }
        return addControlRules(builder.build(), topics);
    }

    /** Jobs and results are both Avro records: one queue processor takes them in their order (see QueueProcessor). */
    @SuppressWarnings("unchecked")
    private static KStream<String, SpecificRecord> asQueueInput(final KStream<String, ? extends SpecificRecord> input) {
        return (KStream<String, SpecificRecord>) input;
    }

    private static void addRootRegistry(
            final StreamsBuilder builder, final JobQueueTopics topics, final JobQueueConfig config) {
        builder.addGlobalStore(
                RootRegistry.storeBuilder(),
                topics.roots().name(),
                consumed(topics.roots(), "roots-source"),
                RootRegistry.updater(config.defaults().rootClaimTtl()));
    }

    /** With the Processor API, unlike {@link #addRootRegistry}: the DSL cannot name a global store's processor. */
    private static Topology addControlRules(final Topology topology, final JobQueueTopics topics) {
        final Topic<String, ControlRule> control = topics.control();
        return topology.addGlobalStore(
                ControlRules.storeBuilder(),
                "control-source",
                control.keySerde().deserializer(),
                control.valueSerde().deserializer(),
                control.name(),
                "control-updater",
                ControlRules.updater());
    }

    private static KStream<String, Job> intake(
            final StreamsBuilder builder, final JobQueueConfig config, final JobQueueTopics topics) {
        final Map<String, KStream<String, IntakeOutput>> jobs = builder.stream(
                        topics.jobEventsPattern(),
                        Consumed.with(JobSerdes.bytes(), JobSerdes.bytes())
                                .withTimestampExtractor(new HighLaneTimestamps(config))
                                .withName("job-events-source"))
                .process(() -> new IntakeProcessor(config), Named.as("intake"))
                .split(Named.as("intake-"))
                .branch((key, out) -> out instanceof IntakeOutput.Invalid, Branched.as("invalid"))
                .branch((key, out) -> out instanceof IntakeOutput.Root, Branched.as("root"))
                .branch((key, out) -> out instanceof IntakeOutput.Expand, Branched.as("expand"))
                .defaultBranch(Branched.as("valid"));
        final Map<String, KStream<String, IntakeOutput>> links = builder.stream(
                        topics.links().name(), consumed(topics.links(), "links-source"))
                .process(() -> new LinkIntakeProcessor(config.queue()), Named.as("link-intake"))
                .split(Named.as("link-intake-"))
                .branch((key, out) -> out instanceof IntakeOutput.Invalid, Branched.as("invalid"))
                .defaultBranch(Branched.as("expand"));
        jobs.get("intake-invalid")
                .merge(links.get("link-intake-invalid"), Named.as("invalid-merge"))
                .map(
                        (key, out) ->
                                KeyValue.pair(((IntakeOutput.Invalid) out).key(), ((IntakeOutput.Invalid) out).value()),
                        Named.as("invalid-bytes"))
                .to(topics.invalid().name(), produced(topics.invalid(), "invalid-sink"));
        jobs.get("intake-root")
                .mapValues(out -> ((IntakeOutput.Root) out).mark(), Named.as("intake-root-mark"))
                .to(topics.roots().name(), produced(topics.roots(), "roots-sink"));
        final KStream<String, Job> leaves = fanout(
                jobs.get("intake-expand").merge(links.get("link-intake-expand"), Named.as("expand-merge")), config);
        return jobs.get("intake-valid")
                .mapValues(out -> ((IntakeOutput.Valid) out).job(), Named.as("intake-valid-job"))
                .merge(leaves, Named.as("jobs-and-leaves"));
    }

    /** The jobs by job key: the high lane's in {@link #HIGH_LANE_JOBS_BY_KEY}, the others in {@link #JOBS_BY_KEY}. */
    private static Map<String, KStream<String, Job>> byLane(
            final KStream<String, Job> jobs, final JobQueueConfig config) {
        final Map<String, KStream<String, Job>> lanes = jobs.split(Named.as("lane-"))
                .branch((key, job) -> config.isHighLane(job.getType()), Branched.as("high"))
                .defaultBranch(Branched.as("others"));
        return Map.of(
                HIGH_LANE_JOBS_BY_KEY, byJobKey(lanes.get("lane-high"), HIGH_LANE_JOBS_BY_KEY, config),
                JOBS_BY_KEY, byJobKey(lanes.get("lane-others"), JOBS_BY_KEY, config));
    }

    private static KStream<String, Job> byJobKey(
            final KStream<String, Job> jobs, final String name, final JobQueueConfig config) {
        return jobs.repartition(Repartitioned.<String, Job>as(name)
                .withKeySerde(JobSerdes.string())
                .withValueSerde(JobSerdes.job())
                .withNumberOfPartitions(config.topics().partitions()));
    }

    /** Recursive jobs and backlink changes meet by target; the leaves leave keyed by their own job keys. */
    private static KStream<String, Job> fanout(
            final KStream<String, IntakeOutput> requests, final JobQueueConfig config) {
        return requests.mapValues(out -> ((IntakeOutput.Expand) out).request(), Named.as("expand-request"))
                .repartition(Repartitioned.<String, ExpansionRequest>as("expansions-by-target")
                        .withKeySerde(JobSerdes.string())
                        .withValueSerde(JobSerdes.expansionRequest())
                        .withNumberOfPartitions(config.topics().partitions()))
                .process(ExpansionProcessor.supplier(config), Named.as("expansion"));
    }

    /** The periodic schedules share the queue's partitions: a schedule's jobs queue where it is fired from. */
    private static void periodic(
            final KStream<String, Job> jobs, final JobQueueConfig config, final JobQueueTopics topics) {
        final TopicNameExtractor<String, PeriodicEvent> jobTopic = (key, event, context) -> event.topic();
        jobs.process(
                        PeriodicProcessor.supplier(config, topics),
                        Named.as("periodic"),
                        QueueStores.TRACES,
                        QueueStores.IN_FLIGHT)
                .to(
                        jobTopic,
                        Produced.with(JobSerdes.string(), PeriodicEvent.serde()).withName("periodic-sink"));
    }

    private static void output(final KStream<String, QueueOutput> outputs, final JobQueueTopics topics) {
        final Map<String, KStream<String, QueueOutput>> branches = outputs.split(Named.as("queue-output-"))
                .branch((key, out) -> out instanceof QueueOutput.Command, Branched.as("command"))
                .defaultBranch(Branched.as("dead-letter"));
        final TopicNameExtractor<String, JobCommand> lane =
                (key, command, context) -> topics.commands(Lanes.of(command)).name();
        branches.get("queue-output-command")
                .mapValues(out -> ((QueueOutput.Command) out).command(), Named.as("queue-output-command-value"))
                .to(
                        lane,
                        Produced.with(JobSerdes.string(), JobSerdes.jobCommand())
                                .withName("commands-sink"));
        branches.get("queue-output-dead-letter")
                .mapValues(out -> ((QueueOutput.Dead) out).letter(), Named.as("queue-output-dead-letter-value"))
                .to(topics.deadLetter().name(), produced(topics.deadLetter(), "dead-letter-sink"));
    }

    private static <K, V> Consumed<K, V> consumed(final Topic<K, V> topic, final String name) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    private static <K, V> Produced<K, V> produced(final Topic<K, V> topic, final String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    /** The Kafka Streams properties for {@code config}: the user's {@code kafka} map over jobqueue's defaults. */
    public static Properties streamsProperties(final JobQueueConfig config) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.processingGuarantee().streamsValue());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(
                StreamsConfig.REPLICATION_FACTOR_CONFIG,
                Short.toString(config.topics().replicationFactor()));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                config.topicRegistry().invalid().name());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnwritableRecordHandler.class);
        sizeForTheLargestRecord(props, config.queue().maxRecordBytes());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        if (config.topics().minInsyncReplicas() != TopicsConfig.BROKER_DEFAULT) {
            props.put(
                    StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    Short.toString(config.topics().minInsyncReplicas()));
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), "30000");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "1000");
        // Streams processes all a poll brought before it polls again, and the consumer hands out a fetch's partitions
        // in turn: with 5 MiB of each, a high-lane job waited behind all of them that were fetched first (bench g: its
        // lag in intake was up to 50 events, under 10 with 64 KiB). This costs throughput when saturated (README,
        // Performance). A larger record still comes, alone, when its partition leads a fetch; restoration keeps its
        // large fetches.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), "65536");
        // Streams commits at-least-once work every 30 s: a crash would re-release 30 s of jobs, and each commit would
        // flush 30 s of cached store writes at once, stalling the queue. A second bounds both.
        if (config.processingGuarantee() == ProcessingGuarantee.AT_LEAST_ONCE) {
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        }
        // Fewer, larger batches: the broker's cost is per batch more than per byte (events are 0.6–2 KB).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "131072");
        props.putAll(config.kafka());
        return props;
    }

    /**
     * Every hop after intake carries an accepted event: the producer's requests, and the repartition and changelog
     * topics Kafka Streams creates (a job, a waiting job and an in-flight job each hold the event verbatim). Kafka's
     * 1 MiB defaults would make a valid 2 MiB event fail every write, and under exactly-once abort the task's
     * transaction again and again.
     */
    private static void sizeForTheLargestRecord(final Properties props, final int maxRecordBytes) {
        final String bytes = Integer.toString(maxRecordBytes);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), bytes);
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), bytes);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), bytes);
    }
}
