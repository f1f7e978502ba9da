package org.symphony.rails.sim.airtel;

/** A request the simulated API refuses with 400 and a field validation message, as Airtel does. */
final class SimRejection extends RuntimeException {

  SimRejection(String message) {
    super(message, null, false, false); // control flow for a client error: no stack trace needed
  }
}
