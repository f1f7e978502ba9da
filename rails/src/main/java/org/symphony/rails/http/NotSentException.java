package org.symphony.rails.http;

/**
 * No connection to the rail came free in time (see {@link ConnectionSlots}), so the request was never sent: the rail
 * was not asked, and this says nothing about the rail or the transfer.
 */
public final class NotSentException extends RuntimeException {

  public NotSentException(String message) {
    super(message);
  }
}
