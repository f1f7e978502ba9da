package org.symphony.rails.http;

/**
 * A rail answered, but not in a way its adapter can use (bad token reply, malformed body, …). An expected
 * protocol outcome, so no stack trace; its message is the whole explanation.
 */
public class RailProtocolException extends RuntimeException {

  protected RailProtocolException(String message) {
    super(message, null, false, false);
  }
}
