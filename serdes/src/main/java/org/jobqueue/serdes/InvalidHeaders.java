package org.jobqueue.serdes;

/** Header names on records of the invalid topic. */
public final class InvalidHeaders {
    public static final String REASON = "jobqueue.invalid.reason";
    public static final String SOURCE_TOPIC = "jobqueue.source.topic";
    public static final String SOURCE_PARTITION = "jobqueue.source.partition";
    public static final String SOURCE_OFFSET = "jobqueue.source.offset";
    /** Set when the key or value was cut to fit the topic: what, its size, and how much was kept. */
    public static final String TRUNCATED = "jobqueue.invalid.truncated";

    private InvalidHeaders() {}
}
