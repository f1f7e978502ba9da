package org.symphony.rails.rtgs;

import org.symphony.rails.http.RailProtocolException;

/** The RTGS answered, but not with a status report the adapter can use (malformed XML, wrong message, …). */
final class RtgsProtocolException extends RailProtocolException {
  RtgsProtocolException(String message) {
    super(message);
  }
}
