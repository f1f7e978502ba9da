package org.symphony.rails.mtn;

import org.symphony.rails.http.RailProtocolException;

/** The MTN API answered, but not in a way the adapter can use (bad token reply, malformed JSON, …). */
final class MtnProtocolException extends RailProtocolException {
  MtnProtocolException(String message) {
    super(message);
  }
}
