package org.jobqueue.app.steer;

/** A steering command that cannot do what it was asked, for a reason its message gives in one line. */
final class SteerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SteerException(final String message) {
        super(message);
    }
}
