package org.symphony.audit.verify;

/** The chain could not be read (database unreachable, query failed): nothing can be said about its integrity. */
public final class ChainVerificationException extends RuntimeException {

  public ChainVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
