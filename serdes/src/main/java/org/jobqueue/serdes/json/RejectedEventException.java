package org.jobqueue.serdes.json;

/** Stops parsing an input that is not a valid job event; carries the reason, and no stack trace. */
final class RejectedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedEventException(final String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
