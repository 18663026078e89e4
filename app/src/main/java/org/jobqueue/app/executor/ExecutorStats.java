package org.jobqueue.app.executor;

/**
 * What the executors of an instance of {@link JobExecutors} did so far, over all its lanes.
 *
 * @param inFlight commands taken and not finished: being called, held for another call, or their result not yet
 *     acknowledged
 * @param ok results written with status {@code ok}
 * @param retryable results written with status {@code retryable}
 * @param fatal results written with status {@code fatal}
 */
public record ExecutorStats(long inFlight, long ok, long retryable, long fatal) {}
