package org.jobqueue.app.replay;

/** A replay that must not go ahead, with the reason an operator can act on. */
final class ReplayRefusedException extends RuntimeException {
    ReplayRefusedException(final String message) {
        super(message);
    }
}
