package org.symphony.rails.airtel;

import org.symphony.rails.http.RailProtocolException;

/** The Airtel API answered, but not in a way the adapter can use (bad token reply, malformed JSON, …). */
final class AirtelProtocolException extends RailProtocolException {
  AirtelProtocolException(String message) {
    super(message);
  }
}
