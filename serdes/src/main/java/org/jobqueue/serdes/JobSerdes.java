package org.jobqueue.serdes;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.InFlightJob;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.JobResult;
import org.jobqueue.schemas.JobTrace;
import org.jobqueue.schemas.QueuedJob;
import org.jobqueue.schemas.RootMark;

/** The serdes of every record jobqueue writes, one instance each. Stateless and thread-safe. */
public final class JobSerdes {
    private static final Serde<String> STRING = Serdes.String();
    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    private static final AvroSerde<Job> JOB = AvroSerde.of(Job.getClassSchema());
    private static final AvroSerde<QueuedJob> QUEUED_JOB = AvroSerde.of(QueuedJob.getClassSchema());
    private static final AvroSerde<InFlightJob> IN_FLIGHT_JOB = AvroSerde.of(InFlightJob.getClassSchema());
    private static final AvroSerde<JobCommand> JOB_COMMAND = AvroSerde.of(JobCommand.getClassSchema());
    private static final AvroSerde<JobResult> JOB_RESULT = AvroSerde.of(JobResult.getClassSchema());
    private static final AvroSerde<RootMark> ROOT_MARK = AvroSerde.of(RootMark.getClassSchema());
    private static final AvroSerde<ControlRule> CONTROL_RULE = AvroSerde.of(ControlRule.getClassSchema());
    private static final AvroSerde<JobTrace> JOB_TRACE = AvroSerde.of(JobTrace.getClassSchema());
    private static final Serde<DeadLetter> DEAD_LETTER = new DeadLetterJsonSerde();
    private static final AvroSerde<ExpansionRequest> EXPANSION_REQUEST =
            AvroSerde.of(ExpansionRequest.getClassSchema());

    private JobSerdes() {}

    public static Serde<String> string() {
        return STRING;
    }

    public static Serde<byte[]> bytes() {
        return BYTES;
    }

    public static AvroSerde<Job> job() {
        return JOB;
    }

    public static AvroSerde<QueuedJob> queuedJob() {
        return QUEUED_JOB;
    }

    public static AvroSerde<InFlightJob> inFlightJob() {
        return IN_FLIGHT_JOB;
    }

    public static AvroSerde<JobCommand> jobCommand() {
        return JOB_COMMAND;
    }

    public static AvroSerde<JobResult> jobResult() {
        return JOB_RESULT;
    }

    public static AvroSerde<RootMark> rootMark() {
        return ROOT_MARK;
    }

    public static AvroSerde<ControlRule> controlRule() {
        return CONTROL_RULE;
    }

    public static AvroSerde<JobTrace> jobTrace() {
        return JOB_TRACE;
    }

    public static Serde<DeadLetter> deadLetter() {
        return DEAD_LETTER;
    }

    public static AvroSerde<ExpansionRequest> expansionRequest() {
        return EXPANSION_REQUEST;
    }
}
