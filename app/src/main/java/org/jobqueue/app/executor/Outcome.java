package org.jobqueue.app.executor;

import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jobqueue.schemas.ResultStatus;

/**
 * The verdict on one call to the job endpoint, following {@code RunSingleJob.php}: 2xx ran the job; 5xx, a time-out
 * or a transport error is worth retrying; {@code X-Readonly: true} (the wiki is read-only) too, without spending an
 * attempt; any other answer (4xx, and 3xx because redirects are not followed) will not get better by retrying.
 *
 * @param httpStatus null when no response arrived
 * @param message a one-line excerpt of the response body or of the error; null when the body was empty
 */
record Outcome(ResultStatus status, boolean readonly, Integer httpStatus, String message) {
    static final String READONLY_HEADER = "X-Readonly";

    static Outcome ofResponse(final int httpStatus, final HttpHeaders headers, final String bodyExcerpt) {
        final String message = bodyExcerpt == null || bodyExcerpt.isEmpty() ? null : bodyExcerpt;
        if (isSuccess(httpStatus)) return new Outcome(ResultStatus.ok, false, httpStatus, message);
        if (isReadonly(headers)) return new Outcome(ResultStatus.retryable, true, httpStatus, message);
        final ResultStatus status = httpStatus >= 500 ? ResultStatus.retryable : ResultStatus.fatal;
        return new Outcome(status, false, httpStatus, message);
    }

    /** A call that got no response: it timed out or could not connect, and may succeed later. */
    static Outcome ofFailure(final Throwable failure, final Duration timeout) {
        return new Outcome(ResultStatus.retryable, false, null, describe(failure, timeout));
    }

    /** A command that cannot be sent at all, e.g. an event that cannot be signed. */
    static Outcome unsendable(final String reason) {
        return new Outcome(ResultStatus.fatal, false, null, Excerpts.oneLine(reason));
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
