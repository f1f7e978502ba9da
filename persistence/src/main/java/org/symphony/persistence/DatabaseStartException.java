package org.symphony.persistence;

/** The database could not be started or reached at node start-up; the message says which and why. */
public final class DatabaseStartException extends RuntimeException {
    public DatabaseStartException(String message) {
        super(message);
    }

    public DatabaseStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
