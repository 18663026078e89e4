package org.jobqueue.app.inspect;

/** A failure to reach the deployment or read its answer, reported as one line with exit code 1. */
final class InspectException extends RuntimeException {
    InspectException(final String message) {
        super(message);
    }
}
