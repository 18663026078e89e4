package org.jobqueue.tools.demo;

/** What a demo job is there to show. */
public enum JobKind {
    /** An ordinary job, executed once. */
    PLAIN,
    /** A job with {@code delay_until} 2 to 8 s ahead. */
    DELAYED,
    /** A job the stub fails once ({@code stub_fail: once}): retried, then executed. */
    FAILS_ONCE,
    /** A job the stub always fails ({@code stub_fail: always}): retried, then dead-lettered. */
    FAILS_ALWAYS,
    /** A job the stub answers read-only once ({@code stub_fail: readonly}): retried without spending an attempt. */
    READ_ONLY,
    /** The same job again (same sha1 and wiki), created later: deduplicated while the first waits. */
    SHA1_DUPLICATE,
    /** The very same event again (same {@code meta.id}): deduplicated by event id. */
    REPLAY,
    /** A delayed job of a root job that a newer root job supersedes before it is due. */
    SUPERSEDED,
    /** A job of the newer root job. */
    SUPERSEDING,
    /**
     * A recursive backlink job of a template edit ({@code params.recursive}): expanded into leaf jobs over the
     * template's backlinks instead of being executed.
     */
    RECURSIVE,
    /** Input that is no valid job event. */
    INVALID
}
