package org.jobqueue.app.run;

/** An instance cannot start for a reason its operator can fix; the message says which. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(final String message) {
        super(message);
    }

    public StartupException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
