package org.jobqueue.app.executor;

import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jobqueue.schemas.ResultStatus;

/**
 * The verdict on one call to the job endpoint, following {@code RunSingleJob.php}: 2xx ran the job; {@code X-Readonly:
 * true} (the wiki is read-only) is worth retrying without spending an attempt; 429, and 503 with {@code Retry-After},
 * ask the caller to slow down; a 500 with MediaWiki's {@code JobExecutor} answer ({@code {"status":false,...}}) is the
 * job's own failure, worth retrying; any other 5xx, 408, a time-out or a transport error says the endpoint failed, and
 * is worth retrying; any other answer (4xx, and 3xx because redirects are not followed) will not get better by
 * retrying.
 *
 * @param kind what the call says about the endpoint, for the executor's throttling and circuit
 * @param httpStatus null when no response arrived
 * @param message a one-line excerpt of the response body or of the error; null when the body was empty
 * @param retryAfter the endpoint's {@code Retry-After} of a throttling answer, when it gave a usable one
 */
record Outcome(
        Kind kind,
        ResultStatus status,
        boolean readonly,
        Integer httpStatus,
        String message,
        Optional<Duration> retryAfter) {
    static final String READONLY_HEADER = "X-Readonly";
    static final String RETRY_AFTER_HEADER = "Retry-After";
    // JobExecutor::execute's answer, {"status":false,"readonly":...,"message":...}, as its excerpt starts.
    private static final Pattern JOB_EXECUTOR_FAILURE = Pattern.compile("^\\{\\s*\"status\"\\s*:\\s*false\\b");

    /** What a call says about the endpoint (not about the job). */
    enum Kind {
        /** The endpoint answered about the job: ok, fatal, read-only, or the job failed. */
        ANSWERED,
        /** The endpoint asks to be called less: 429, or 503 with {@code Retry-After}. */
        THROTTLED,
        /** The endpoint failed: a 5xx without JobExecutor's answer, 408, a time-out or a transport error. */
        FAILED,
        /** Nothing was sent. */
        UNSENT
    }

    static Outcome ofResponse(final int httpStatus, final HttpHeaders headers, final String bodyExcerpt) {
        final String message = bodyExcerpt == null || bodyExcerpt.isEmpty() ? null : bodyExcerpt;
        if (isSuccess(httpStatus)) return answered(ResultStatus.ok, false, httpStatus, message);
        if (isReadonly(headers)) return answered(ResultStatus.retryable, true, httpStatus, message);
        final Optional<Duration> retryAfter =
                headers.firstValue(RETRY_AFTER_HEADER).flatMap(value -> RetryAfter.parse(value, Instant.now()));
        if (httpStatus == 429 || (httpStatus == 503 && retryAfter.isPresent())) {
            return new Outcome(Kind.THROTTLED, ResultStatus.retryable, false, httpStatus, message, retryAfter);
        }
        if (httpStatus == 500
                && message != null
                && JOB_EXECUTOR_FAILURE.matcher(message).find()) {
            return answered(ResultStatus.retryable, false, httpStatus, message);
        }
        if (httpStatus >= 500 || httpStatus == 408) {
            return new Outcome(Kind.FAILED, ResultStatus.retryable, false, httpStatus, message, Optional.empty());
        }
        return answered(ResultStatus.fatal, false, httpStatus, message);
    }

    /** A call that got no response: it timed out or could not connect, and may succeed later. */
    static Outcome ofFailure(final Throwable failure, final Duration timeout) {
        return new Outcome(
                Kind.FAILED, ResultStatus.retryable, false, null, describe(failure, timeout), Optional.empty());
    }

    /** A command that cannot be sent at all, e.g. an event that cannot be signed. */
    static Outcome unsendable(final String reason) {
        return new Outcome(Kind.UNSENT, ResultStatus.fatal, false, null, Excerpts.oneLine(reason), Optional.empty());
    }

    private static Outcome answered(
            final ResultStatus status, final boolean readonly, final int httpStatus, final String message) {
        return new Outcome(Kind.ANSWERED, status, readonly, httpStatus, message, Optional.empty());
    }

    private static boolean isSuccess(final int httpStatus) {
        return httpStatus >= 200 && httpStatus < 300;
    }

    private static boolean isReadonly(final HttpHeaders headers) {
        return headers.allValues(READONLY_HEADER).stream()
                .anyMatch(value -> value.strip().equalsIgnoreCase("true"));
    }

    private static String describe(final Throwable failure, final Duration timeout) {
        return isTimeout(failure) ? "timed out after " + timeout.toMillis() + " ms" : Excerpts.ofFailure(failure);
    }

    // A connect time-out is a connection error: it says the endpoint is unreachable, not that the job was slow.
    private static boolean isTimeout(final Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) return false;
        return failure instanceof HttpTimeoutException || failure instanceof TimeoutException;
    }
}
