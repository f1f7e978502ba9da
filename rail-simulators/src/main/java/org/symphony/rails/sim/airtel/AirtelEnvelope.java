package org.symphony.rails.sim.airtel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Airtel's reply envelope {"data":{…},"status":{response_code, code, success, result_code, message}}.
 * result_code is Airtel's gateway (ESB) code: informative only, clients decide on response_code.
 */
final class AirtelEnvelope {

  static final String RESULT_OK = "ESB000010";
  static final String RESULT_FAILED = "ESB000011";
  static final String RESULT_VALIDATION = "ESB000008";
  static final String RESULT_ERROR = "ESB000001";
  /** Gateway refusals before any transaction exists (public Airtel clients list them, e.g. techcraftlabs/airtel). */
  static final String RESULT_INVALID_MSISDN_LENGTH = "ESB000033";
  static final String RESULT_INVALID_COUNTRY = "ESB000034";
  static final String RESULT_INVALID_CURRENCY = "ESB000035";

  private AirtelEnvelope() {}

  /** The status block; {@code responseCode} null leaves it out (gateway-level errors carry none). */
  static ObjectNode status(int httpStatus, String responseCode, boolean success, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    if (responseCode != null) status.put("response_code", responseCode);
    status.put("code", Integer.toString(httpStatus));
    status.put("success", success);
    status.put("result_code", success ? RESULT_OK : responseCode == null ? errorResult(httpStatus) : RESULT_FAILED);
    status.put("message", message);
    return status;
  }

  /** A reply with empty data and only a status block. */
  static ObjectNode error(int httpStatus, String responseCode, String message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.putObject("data");
    json.set("status", status(httpStatus, responseCode, false, message));
    return json;
  }

  /** The gateway's refusal: HTTP 400, no response_code, an ESB result_code. */
  static ObjectNode gatewayRefusal(String resultCode, String message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.putObject("data");
    ObjectNode status = json.putObject("status");
    status.put("code", "400");
    status.put("success", false);
    status.put("result_code", resultCode);
    status.put("message", message);
    return json;
  }

  private static String errorResult(int httpStatus) {
    return httpStatus == 400 ? RESULT_VALIDATION : RESULT_ERROR;
  }
}
