package org.jobqueue.app.links;

/** An import cannot go on for a reason its operator can fix (a bad line, an unreadable file, a failed send). */
public final class LinkImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LinkImportException(final String message) {
        super(message);
    }

    public LinkImportException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
