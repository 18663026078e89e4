package org.jobqueue.benchmarks;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.TimeUnit;
import org.jobqueue.topology.metrics.JobQueueMetrics;
import org.jobqueue.topology.metrics.JobQueueMetrics.Outcome;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Counting an outcome: every job counts several (received, released, ok, ...), each for all types and its own. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsBenchmark {
    private final JobQueueMetrics metrics = new JobQueueMetrics(new MetricRegistry());

    @Benchmark
    public void countReceived() {
        metrics.count("refreshLinks", Outcome.RECEIVED);
    }
}
