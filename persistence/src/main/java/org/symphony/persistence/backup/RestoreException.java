package org.symphony.persistence.backup;

/** A restore that cannot be done as asked; the message is one line meant for the operator. */
public final class RestoreException extends Exception {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
