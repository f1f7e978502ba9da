package org.symphony.persistence;

/** The configured PostgreSQL server is too old for Symphony; the message names the server and its version. */
public final class UnsupportedDatabaseException extends RuntimeException {
    public UnsupportedDatabaseException(String message) {
        super(message);
    }
}
