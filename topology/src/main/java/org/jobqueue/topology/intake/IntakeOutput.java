package org.jobqueue.topology.intake;

import org.jobqueue.schemas.ExpansionRequest;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootMark;

/**
 * What intake emits: a valid job (to the queue), an invalid record (to the invalid topic), a root registration, or a
 * recursive job or backlink change (to the expansion of its target).
 */
public sealed interface IntakeOutput
        permits IntakeOutput.Valid, IntakeOutput.Invalid, IntakeOutput.Root, IntakeOutput.Expand {
    record Valid(Job job) implements IntakeOutput {}

    /** The input exactly as read; the reason travels in a header. */
    record Invalid(byte[] key, byte[] value) implements IntakeOutput {}

    record Root(RootMark mark) implements IntakeOutput {}

    record Expand(ExpansionRequest request) implements IntakeOutput {}
}
