package org.jobqueue.tools.stub;

/**
 * What the stub has answered so far.
 *
 * @param requests every request
 * @param executed jobs answered 200
 * @param failed jobs answered 500
 * @param rejected requests answered 4xx
 * @param duplicateExecutions event ids executed more than once
 */
public record StubStats(long requests, long executed, long failed, long rejected, long duplicateExecutions) {}
