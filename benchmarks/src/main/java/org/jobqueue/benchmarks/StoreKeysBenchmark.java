package org.jobqueue.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.jobqueue.schemas.FanoutTarget;
import org.jobqueue.topology.fanout.FanoutKeys;
import org.jobqueue.topology.queue.state.QueueKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The store key codecs every queue insert, release scan and fan-out step runs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreKeysBenchmark {
    private static final String JOB_KEY = "enwiki|sha1|8a1f0c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7";
    private final FanoutTarget target = FanoutTarget.newBuilder()
            .setTable("templatelinks")
            .setTargetNamespace(10)
            .setTargetTitle("Infobox_settlement")
            .build();
    private final String expansionKey = FanoutKeys.expansionKey("enwiki", target);
    private final Bytes readyKey = QueueKeys.laneType("low", "refreshLinks");
    private final Bytes backlinkKey = FanoutKeys.backlink(expansionKey, 123_456_789L);
    private long seq;

    @Benchmark
    public Bytes readyKey() {
        return QueueKeys.ready("low", "refreshLinks", seq++);
    }

    @Benchmark
    public Bytes dueKey() {
        return QueueKeys.due(1_764_320_461_000L + seq++, JOB_KEY);
    }

    @Benchmark
    public String typeOfLaneTypeKey() {
        return QueueKeys.typeOf(readyKey);
    }

    @Benchmark
    public String expansionKey() {
        return FanoutKeys.expansionKey("enwiki", target);
    }

    @Benchmark
    public Bytes backlinkKey() {
        return FanoutKeys.backlink(expansionKey, seq++);
    }

    @Benchmark
    public long pageIdOfBacklinkKey() {
        return FanoutKeys.pageIdOf(backlinkKey);
    }
}
