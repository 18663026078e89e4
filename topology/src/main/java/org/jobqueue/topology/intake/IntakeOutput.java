package org.jobqueue.topology.intake;

import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootMark;

/** What intake emits: a valid job (to the queue), an invalid record (to the invalid topic), a root registration. */
public sealed interface IntakeOutput permits IntakeOutput.Valid, IntakeOutput.Invalid, IntakeOutput.Root {
    record Valid(Job job) implements IntakeOutput {}

    /** The input exactly as read; the reason travels in a header. */
    record Invalid(byte[] key, byte[] value) implements IntakeOutput {}

    record Root(RootMark mark) implements IntakeOutput {}
}
