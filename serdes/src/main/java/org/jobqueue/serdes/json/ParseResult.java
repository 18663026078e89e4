package org.jobqueue.serdes.json;

import org.jobqueue.schemas.Job;

/** What {@link JobEventParser} made of one input record: a job to queue, or the reason it was rejected. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** The input is a valid job event. */
    record Valid(Job job) implements ParseResult {}

    /** The input is rejected; the parser's reasons are one line of at most 300 characters, fit for a record header. */
    record Invalid(String reason) implements ParseResult {}
}
