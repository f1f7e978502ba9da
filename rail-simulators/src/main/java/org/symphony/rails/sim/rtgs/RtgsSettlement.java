package org.symphony.rails.sim.rtgs;

import org.symphony.rails.sim.StrikeLedger;
import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A credit transfer the simulated RTGS took in, with the outcome decided when it was accepted. It reads
 * as its pending status (PDNG, or ACTC/ACSP for the accounts of {@link RtgsSimulator#HELD_ACCOUNTS}) until
 * {@code completesAtMs} (epoch ms) and as ACSC, ACCC or RJCT from then on, so no timer is needed and a
 * restart cannot lose a completion.
 */
record RtgsSettlement(
    CreditTransfer transfer,
    Outcome outcome,
    String reasonCode,
    String reasonText,
    String rtgsReference,
    long acceptedAtMs,
    long completesAtMs,
    String pendingStatus) {

  /** The file of the RTGS's strike ledger in its data directory. */
  static final String LEDGER_FILE = "rtgs-strikes.jsonl";

  /** One line per executed message, keyed by MsgId; a message still pending at replay completes by the given time. */
  static final StrikeLedger.Format<RtgsSettlement> LEDGER_FORMAT = new StrikeLedger.Format<>() {
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String referenceOf(RtgsSettlement settlement) {
      return settlement.messageId();
    }

    @Override
    public String toLine(RtgsSettlement settlement) {
      return settlement.toLedgerJson().toString();
    }

    @Override
    public RtgsSettlement fromLine(String line, long pendingCompleteBy) throws IOException {
      return fromLedgerJson(json.readTree(line)).completingBy(pendingCompleteBy);
    }
  };

  enum Outcome {
    /** Settled on the creditor agent's settlement account. */
    SETTLED("ACSC"),
    /** Settled and credited to the creditor's account. */
    CREDITED("ACCC"),
    REJECTED("RJCT");

    final String status;

    Outcome(String status) {
      this.status = status;
    }
  }

  static final String PENDING = "PDNG";

  RtgsSettlement {
    Objects.requireNonNull(transfer, "transfer");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(rtgsReference, "rtgsReference");
    if (outcome == Outcome.REJECTED) Objects.requireNonNull(reasonCode, "reasonCode");
    if (pendingStatus == null) pendingStatus = PENDING;
  }

  RtgsSettlement(CreditTransfer transfer, Outcome outcome, String reasonCode, String reasonText, String rtgsReference,
      long acceptedAtMs, long completesAtMs) {
    this(transfer, outcome, reasonCode, reasonText, rtgsReference, acceptedAtMs, completesAtMs, PENDING);
  }

  /** What a submission that is not final yet is answered with: ACCP, or the held status. */
  String acceptanceStatus() {
    return PENDING.equals(pendingStatus) ? "ACCP" : pendingStatus;
  }

  String messageId() {
    return transfer.messageId();
  }

  boolean isFinalAt(long nowMs) {
    return nowMs >= completesAtMs;
  }

  /** ISO 20022 payment status at that time: the pending status, then ACSC, ACCC or RJCT. */
  String statusAt(long nowMs) {
    return isFinalAt(nowMs) ? outcome.status : pendingStatus;
  }

  /** The same settlement completing no later than {@code latestMs}. */
  RtgsSettlement completingBy(long latestMs) {
    if (completesAtMs <= latestMs) return this;
    return new RtgsSettlement(transfer, outcome, reasonCode, reasonText, rtgsReference, acceptedAtMs, latestMs, pendingStatus);
  }

  /** One strike-ledger line: the execution and its decided outcome. */
  ObjectNode toLedgerJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("event", "EXECUTED");
    json.put("rail", RtgsSimulator.RAIL);
    transfer.writeTo(json);
    json.put("outcome", outcome.name());
    json.put("reasonCode", reasonCode);
    json.put("reasonText", reasonText);
    json.put("rtgsReference", rtgsReference);
    json.put("acceptedAtMs", acceptedAtMs);
    json.put("completesAtMs", completesAtMs);
    json.put("pendingStatus", pendingStatus);
    return json;
  }

  static RtgsSettlement fromLedgerJson(JsonNode json) {
    if (!"EXECUTED".equals(json.path("event").asText())) throw new IllegalArgumentException("not an EXECUTED event");
    return new RtgsSettlement(
        CreditTransfer.readFrom(json),
        Outcome.valueOf(json.path("outcome").asText()),
        text(json, "reasonCode"),
        text(json, "reasonText"),
        json.path("rtgsReference").asText(null),
        json.path("acceptedAtMs").asLong(),
        json.path("completesAtMs").asLong(),
        text(json, "pendingStatus"));
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
