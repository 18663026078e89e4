package org.jobqueue.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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

/** Intake's hot path: one {@code mediawiki/job/1.0.0} event of about 1 KB parsed and validated into a {@code Job}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JobEventParserBenchmark {
    private final JobEventParser parser = new JobEventParser(4 * 1024 * 1024);
    private final byte[] event = SampleEvents.REFRESH_LINKS.getBytes(StandardCharsets.UTF_8);
    private final byte[] delayed = SampleEvents.DELAYED_CDN_PURGE.getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public ParseResult parseAndValidate() {
        return parser.parse(event, "eqiad.mediawiki.job.refreshLinks");
    }

    @Benchmark
    public ParseResult parseAndValidateDelayed() {
        return parser.parse(delayed, "eqiad.mediawiki.job.cdnPurge");
    }
}
