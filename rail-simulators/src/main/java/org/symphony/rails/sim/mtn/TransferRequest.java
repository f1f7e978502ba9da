package org.symphony.rails.sim.mtn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The validated body of POST /disbursement/v1_0/transfer. A body that is not JSON or fails {@link TransferSchema}
 * (MTN's published Transfer schema plus what the sandbox refuses: "MoMo API Common Errors",
 * https://momodevelopercommunity.mtn.com/errors-46/momo-api-common-errors-82: a request that does not follow the
 * specification, an apostrophe in payerMessage or payeeNote, more than 160 characters in them) is refused with a plain
 * 400: MTN names no ErrorReason code for these. Every rule is in the schema; this class only reads a valid body.
 */
record TransferRequest(
    String amount, String currency, String externalId, String partyIdType, String partyId,
    String payerMessage, String payeeNote) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** @throws SimRejection a plain 400 (its message, for the log, names the first rules the body breaks) */
  static TransferRequest parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw SimRejection.badRequest("request body is not valid JSON");
    }
    if (json == null) throw SimRejection.badRequest("request body is empty");
    List<String> violations = TransferSchema.violations(json);
    if (!violations.isEmpty()) throw SimRejection.badRequest("request body fails the Transfer schema: " + violations);
    JsonNode payee = json.get("payee");
    return new TransferRequest(
        json.get("amount").asText(), json.get("currency").asText(), text(json.get("externalId")),
        payee.get("partyIdType").asText(), payee.get("partyId").asText(),
        text(json.get("payerMessage")), text(json.get("payeeNote")));
  }

  private static String text(JsonNode node) {
    return node == null ? null : node.asText();
  }
}
