package org.symphony.rails.http;

/**
 * The node's own connection pool refused the request before sending it (all its waiting places taken): the rail
 * was not asked, so this says nothing about the rail or the transfer.
 */
public final class NotSentException extends RuntimeException {

  public NotSentException(String message, Throwable cause) {
    super(message, cause);
  }
}
