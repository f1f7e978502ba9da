package org.symphony.rails.airtel;

/** The Airtel API answered, but not in a way the adapter can use (bad token reply, malformed JSON, …). */
final class AirtelProtocolException extends RuntimeException {
  AirtelProtocolException(String message) {
    super(message, null, false, false); // an expected protocol outcome: no stack trace needed
  }
}
