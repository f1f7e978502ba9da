package org.symphony.rails.sim.mtn;

/** A request the simulated API refuses with 400 {"code","message"}, as MTN does. */
final class SimRejection extends RuntimeException {

  private final String code;

  SimRejection(String code, String message) {
    super(message, null, false, false); // control flow for a client error: no stack trace needed
    this.code = code;
  }

  String code() {
    return code;
  }
}
