package org.symphony.rails.rtgs;

/** The RTGS answered, but not with a status report the adapter can use (malformed XML, wrong message, …). */
final class RtgsProtocolException extends RuntimeException {
  RtgsProtocolException(String message) {
    super(message, null, false, false); // an expected protocol outcome: no stack trace needed
  }
}
