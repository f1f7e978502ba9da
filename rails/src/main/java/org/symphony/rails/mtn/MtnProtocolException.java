package org.symphony.rails.mtn;

/** The MTN API answered, but not in a way the adapter can use (bad token reply, malformed JSON, …). */
final class MtnProtocolException extends RuntimeException {
  MtnProtocolException(String message) {
    super(message, null, false, false); // an expected protocol outcome: no stack trace needed
  }
}
