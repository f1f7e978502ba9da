package org.symphony.rails.sim.mtn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated body of POST /disbursement/v1_0/transfer. What MTN refuses with 400 ("MoMo API Common Errors",
 * https://momodevelopercommunity.mtn.com/errors-46/momo-api-common-errors-82: a request that does not follow the
 * specification, an apostrophe in the body, more than 160 characters in payerMessage or payeeNote) is refused with a
 * plain 400: MTN names no ErrorReason code for these.
 */
record TransferRequest(
    String amount, String currency, String externalId, String partyIdType, String partyId,
    String payerMessage, String payeeNote) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,15}(\\.[0-9]{1,2})?$");
  private static final Set<String> PARTY_ID_TYPES = Set.of("MSISDN", "EMAIL", "PARTY_CODE");
  private static final int MAX_ID_CHARS = 64;
  private static final int MAX_MESSAGE_CHARS = 160;

  /** @throws SimRejection a plain 400 (its message, for the log, names the first rule the body breaks) */
  static TransferRequest parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw SimRejection.badRequest("request body is not valid JSON");
    }
    if (json == null || !json.isObject()) throw SimRejection.badRequest("request body must be a JSON object");

    String amount = text(json.get("amount"));
    if (amount == null || !AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0)
      throw SimRejection.badRequest("amount must be a positive decimal string, e.g. \"150.00\"");
    String currency = text(json.get("currency"));
    // which currency is accepted depends on the environment: MtnSimulatorRoutes answers INVALID_CURRENCY as MTN does
    if (currency == null || currency.isEmpty()) throw SimRejection.badRequest("currency is required");
    String externalId = text(json.get("externalId"));
    if (externalId != null && externalId.length() > MAX_ID_CHARS)
      throw SimRejection.badRequest("externalId is longer than " + MAX_ID_CHARS);
    JsonNode payee = json.get("payee");
    String partyIdType = payee == null ? null : text(payee.get("partyIdType"));
    String partyId = payee == null ? null : text(payee.get("partyId"));
    if (partyIdType == null || !PARTY_ID_TYPES.contains(partyIdType)
        || partyId == null || partyId.isEmpty() || partyId.length() > MAX_ID_CHARS)
      throw SimRejection.badRequest("payee needs partyIdType (MSISDN, EMAIL, PARTY_CODE) and partyId");
    String payerMessage = message(json, "payerMessage");
    String payeeNote = message(json, "payeeNote");
    return new TransferRequest(amount, currency, externalId, partyIdType, partyId, payerMessage, payeeNote);
  }

  private static String message(JsonNode json, String field) {
    String text = text(json.get(field));
    if (text != null && text.length() > MAX_MESSAGE_CHARS)
      throw SimRejection.badRequest(field + " is longer than " + MAX_MESSAGE_CHARS);
    if (text != null && text.indexOf('\'') >= 0) throw SimRejection.badRequest(field + " contains an apostrophe");
    return text;
  }

  private static String text(JsonNode node) {
    return node == null || !node.isTextual() ? null : node.asText();
  }
}
