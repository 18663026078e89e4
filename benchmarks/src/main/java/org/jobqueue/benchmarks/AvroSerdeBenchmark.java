package org.jobqueue.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.serdes.AvroSerde;
import org.jobqueue.serdes.JobSerdes;
import org.jobqueue.serdes.json.JobEventParser;
import org.jobqueue.serdes.json.ParseResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The Avro single-object serdes of the records every job passes through: the repartitioned job and its command. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AvroSerdeBenchmark {
    private final AvroSerde<Job> jobSerde = JobSerdes.job();
    private final AvroSerde<JobCommand> commandSerde = JobSerdes.jobCommand();
    private final Job job = parse(SampleEvents.REFRESH_LINKS);
    private final JobCommand command = JobCommand.newBuilder()
            .setCommandId(job.getJobKey() + "|" + job.getEventId() + "|1")
            .setJobKey(job.getJobKey())
            .setEventId(job.getEventId())
            .setDatabase(job.getDatabase())
            .setType(job.getType())
            .setLane("low")
            .setAttempt(1)
            .setReleasedAt(1_764_320_461_000L)
            .setClaimExpiresAt(1_764_324_061_000L)
            .setEvent(job.getEvent())
            .build();
    private final byte[] jobBytes = jobSerde.encode(job);
    private final byte[] commandBytes = commandSerde.encode(command);

    @Benchmark
    public byte[] serializeJob() {
        return jobSerde.encode(job);
    }

    @Benchmark
    public Job deserializeJob() {
        return jobSerde.decode(jobBytes);
    }

    @Benchmark
    public byte[] serializeJobCommand() {
        return commandSerde.encode(command);
    }

    @Benchmark
    public JobCommand deserializeJobCommand() {
        return commandSerde.decode(commandBytes);
    }

    private static Job parse(final String event) {
        final ParseResult result = new JobEventParser(4 * 1024 * 1024)
                .parse(event.getBytes(StandardCharsets.UTF_8), "eqiad.mediawiki.job.refreshLinks");
        if (result instanceof ParseResult.Valid valid) return valid.job();
        throw new IllegalStateException("the sample event is invalid: " + result);
    }
}
