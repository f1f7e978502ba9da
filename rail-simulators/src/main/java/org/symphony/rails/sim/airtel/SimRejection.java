package org.symphony.rails.sim.airtel;

/**
 * A request the simulated API refuses before any transaction exists. Most are refused by Airtel's gateway
 * with HTTP 400, no response_code and an ESB result_code ({@link AirtelEnvelope}); a few (an amount out of
 * range) by the disbursement service itself, with HTTP 200, success:false and a published DP code.
 *
 * @param resultCode the gateway's ESB code
 * @param responseCode a published DP code, or null for a gateway refusal
 */
final class SimRejection extends RuntimeException {

  private final String resultCode;
  private final SimCode responseCode;

  private SimRejection(String resultCode, SimCode responseCode, String message) {
    super(message, null, false, false); // control flow for a client error: no stack trace needed
    this.resultCode = resultCode;
    this.responseCode = responseCode;
  }

  /** Field validation (ESB000008). */
  SimRejection(String message) {
    this(AirtelEnvelope.RESULT_VALIDATION, null, message);
  }

  static SimRejection gateway(String resultCode, String message) {
    return new SimRejection(resultCode, null, message);
  }

  static SimRejection refused(SimCode code) {
    return new SimRejection(AirtelEnvelope.RESULT_FAILED, code, code.message());
  }

  String resultCode() {
    return resultCode;
  }

  /** Null for a gateway refusal. */
  SimCode responseCode() {
    return responseCode;
  }
}
