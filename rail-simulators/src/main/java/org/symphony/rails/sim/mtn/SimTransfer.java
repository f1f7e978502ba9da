package org.symphony.rails.sim.mtn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A transfer the simulator executed. Its outcome is decided when it is accepted; it reads as PENDING
 * until {@code completesAtMs} (epoch ms) and as the outcome from then on, so no timer is needed and a
 * restart cannot lose a completion.
 */
record SimTransfer(
    String referenceId,
    String externalId,
    String amount,
    String currency,
    String partyIdType,
    String partyId,
    String payerMessage,
    String payeeNote,
    Outcome outcome,
    String reasonCode,
    String reasonMessage,
    String financialTransactionId,
    long acceptedAtMs,
    long completesAtMs) {

  /** How the strike ledger keys and stores these transfers. */
  static final org.symphony.rails.sim.StrikeLedger.Format<SimTransfer> LEDGER_FORMAT =
      new org.symphony.rails.sim.StrikeLedger.Format<>() {
        private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        @Override
        public String referenceOf(SimTransfer transfer) {
          return transfer.referenceId();
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


  enum Outcome { SUCCESSFUL, FAILED }

  SimTransfer {
    Objects.requireNonNull(referenceId, "referenceId");
    Objects.requireNonNull(outcome, "outcome");
  }

  String statusAt(long nowMs) {
    return nowMs >= completesAtMs ? outcome.name() : "PENDING";
  }

  /** The same transfer completing no later than {@code latestMs}. */
  SimTransfer completingBy(long latestMs) {
    if (completesAtMs <= latestMs) return this;
    return new SimTransfer(referenceId, externalId, amount, currency, partyIdType, partyId, payerMessage, payeeNote,
        outcome, reasonCode, reasonMessage, financialTransactionId, acceptedAtMs, latestMs);
  }

  /** The body of GET /disbursement/v1_0/transfer/{referenceId} when the transfer reads as {@code status}. */
  ObjectNode toApiJson(String status) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("amount", amount);
    json.put("currency", currency);
    if (status.equals("SUCCESSFUL")) json.put("financialTransactionId", financialTransactionId);
    json.put("externalId", externalId);
    ObjectNode payee = json.putObject("payee");
    payee.put("partyIdType", partyIdType);
    payee.put("partyId", partyId);
    json.put("payerMessage", payerMessage);
    json.put("payeeNote", payeeNote);
    json.put("status", status);
    if (status.equals("FAILED")) {
      ObjectNode reason = json.putObject("reason");
      reason.put("code", reasonCode);
      reason.put("message", reasonMessage);
    }
    return json;
  }

  /** One strike-ledger line: the execution and its decided outcome. */
  ObjectNode toLedgerJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("event", "EXECUTED");
    json.put("rail", MtnMomoSimulator.RAIL);
    json.put("referenceId", referenceId);
    json.put("externalId", externalId);
    json.put("amount", amount);
    json.put("currency", currency);
    json.put("partyIdType", partyIdType);
    json.put("partyId", partyId);
    json.put("payerMessage", payerMessage);
    json.put("payeeNote", payeeNote);
    json.put("outcome", outcome.name());
    json.put("reasonCode", reasonCode);
    json.put("reasonMessage", reasonMessage);
    json.put("financialTransactionId", financialTransactionId);
    json.put("acceptedAtMs", acceptedAtMs);
    json.put("completesAtMs", completesAtMs);
    return json;
  }

  static SimTransfer fromLedgerJson(JsonNode json) {
    if (!"EXECUTED".equals(json.path("event").asText()))
      throw new IllegalArgumentException("not an EXECUTED event");
    return new SimTransfer(
        json.path("referenceId").asText(null),
        text(json, "externalId"),
        text(json, "amount"),
        text(json, "currency"),
        text(json, "partyIdType"),
        text(json, "partyId"),
        text(json, "payerMessage"),
        text(json, "payeeNote"),
        Outcome.valueOf(json.path("outcome").asText()),
        text(json, "reasonCode"),
        text(json, "reasonMessage"),
        text(json, "financialTransactionId"),
        json.path("acceptedAtMs").asLong(),
        json.path("completesAtMs").asLong());
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
