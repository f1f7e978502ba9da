package org.symphony.rails.sim.airtel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A disbursement the simulator executed. Its outcome is decided when it is accepted; it reads as TIP
 * until {@code completesAtMs} (epoch ms) and as the outcome (TS or TF) from then on, so no timer is needed
 * and a restart cannot lose a completion. The PIN is never kept. A transfer with a {@code stuckCode} (asked for
 * by a test, see {@link SimCode.Effect#STUCK}) never resolves: every answer about it carries that code.
 */
record SimTransfer(
    String transactionId,
    String msisdn,
    String walletType,
    String reference,
    String amount,
    String country,
    String currency,
    Outcome outcome,
    String failureCode,
    String failureMessage,
    String airtelMoneyId,
    long acceptedAtMs,
    long completesAtMs,
    String stuckCode) {

  /** How the strike ledger keys and stores these transfers. */
  static final org.symphony.rails.sim.StrikeLedger.Format<SimTransfer> LEDGER_FORMAT =
      new org.symphony.rails.sim.StrikeLedger.Format<>() {
        private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        @Override
        public String referenceOf(SimTransfer transfer) {
          return transfer.transactionId();
        }

        @Override
        public String toLine(SimTransfer transfer) {
          return transfer.toLedgerJson().toString();
        }

        @Override
        public SimTransfer fromLine(String line, long pendingCompleteBy) throws java.io.IOException {
          return fromLedgerJson(json.readTree(line)).completingBy(pendingCompleteBy);
        }
      };


  /** Airtel's final transaction statuses. */
  enum Outcome { TS, TF }

  static final String IN_PROGRESS = "TIP";

  SimTransfer {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** "TIP", then "TS" or "TF". */
  String statusAt(long nowMs) {
    return nowMs >= completesAtMs ? outcome.name() : IN_PROGRESS;
  }

  /** The same transfer completing no later than {@code latestMs}. */
  SimTransfer completingBy(long latestMs) {
    if (completesAtMs <= latestMs) return this;
    return new SimTransfer(transactionId, msisdn, walletType, reference, amount, country, currency, outcome,
        failureCode, failureMessage, airtelMoneyId, acceptedAtMs, latestMs, stuckCode);
  }

  /** Airtel's callback when the transaction is final: {"transaction": {id, message, status_code, airtel_money_id}}. */
  ObjectNode toCallbackJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ObjectNode transaction = json.putObject("transaction");
    transaction.put("id", transactionId);
    transaction.put("status_code", outcome.name());
    transaction.put("message", outcome == Outcome.TS ? "Transaction is successful" : failureMessage);
    if (outcome == Outcome.TS) transaction.put("airtel_money_id", airtelMoneyId);
    return json;
  }

  /** Airtel's reply envelope (disbursement and enquiry alike) when the transfer reads as {@code status}. */
  ObjectNode toApiJson(String status) {
    if (stuckCode != null) return stuckJson();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ObjectNode transaction = json.putObject("data").putObject("transaction");
    transaction.put("id", transactionId);
    transaction.put("status", status);
    String code;
    String message;
    boolean success;
    switch (status) {
      case "TS":
        transaction.put("airtel_money_id", airtelMoneyId);
        code = SimCode.SUCCESS.code();
        message = SimCode.SUCCESS.message();
        success = true;
        break;
      case "TF":
        code = failureCode;
        message = failureMessage;
        success = false;
        break;
      default:
        code = SimCode.PROCESSING.code();
        message = SimCode.PROCESSING.message();
        success = true;
    }
    transaction.put("message", message);
    json.set("status", AirtelEnvelope.status(200, code, success, message));
    return json;
  }

  private ObjectNode stuckJson() {
    SimCode code = SimCode.ofSuffix(stuckCode.substring(SimCode.PREFIX.length())).orElse(SimCode.AMBIGUOUS);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ObjectNode transaction = json.putObject("data").putObject("transaction");
    transaction.put("id", transactionId);
    transaction.put("status", code.stuckStatus());
    transaction.put("message", code.message());
    json.set("status", AirtelEnvelope.status(200, code.code(), code == SimCode.PROCESSING, code.message()));
    return json;
  }

  /** One strike-ledger line: the execution and its decided outcome. */
  ObjectNode toLedgerJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("event", "EXECUTED");
    json.put("rail", AirtelMoneySimulator.RAIL);
    json.put("transactionId", transactionId);
    json.put("msisdn", msisdn);
    json.put("walletType", walletType);
    json.put("reference", reference);
    json.put("amount", amount);
    json.put("country", country);
    json.put("currency", currency);
    json.put("outcome", outcome.name());
    json.put("failureCode", failureCode);
    json.put("failureMessage", failureMessage);
    json.put("airtelMoneyId", airtelMoneyId);
    json.put("acceptedAtMs", acceptedAtMs);
    json.put("completesAtMs", completesAtMs);
    if (stuckCode != null) json.put("stuckCode", stuckCode);
    return json;
  }

  static SimTransfer fromLedgerJson(JsonNode json) {
    if (!"EXECUTED".equals(json.path("event").asText()))
      throw new IllegalArgumentException("not an EXECUTED event");
    return new SimTransfer(
        json.path("transactionId").asText(null),
        text(json, "msisdn"),
        text(json, "walletType"),
        text(json, "reference"),
        text(json, "amount"),
        text(json, "country"),
        text(json, "currency"),
        Outcome.valueOf(json.path("outcome").asText()),
        text(json, "failureCode"),
        text(json, "failureMessage"),
        text(json, "airtelMoneyId"),
        json.path("acceptedAtMs").asLong(),
        json.path("completesAtMs").asLong(),
        text(json, "stuckCode"));
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
