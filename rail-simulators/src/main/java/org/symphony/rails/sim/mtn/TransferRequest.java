package org.symphony.rails.sim.mtn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/** The validated body of POST /disbursement/v1_0/transfer. */
record TransferRequest(
    String amount, String currency, String externalId, String partyIdType, String partyId,
    String payerMessage, String payeeNote) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,15}(\\.[0-9]{1,2})?$");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
  private static final Set<String> PARTY_ID_TYPES = Set.of("MSISDN", "EMAIL", "PARTY_CODE");
  private static final int MAX_ID_CHARS = 64;
  private static final int MAX_MESSAGE_CHARS = 160;

  /** @throws SimRejection naming the first rule the body breaks */
  static TransferRequest parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SimRejection("MALFORMED_JSON", "request body is not valid JSON");
    }
    if (json == null || !json.isObject()) throw new SimRejection("MALFORMED_JSON", "request body must be a JSON object");

    String amount = text(json.get("amount"));
    if (amount == null || !AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0)
      throw new SimRejection("INVALID_AMOUNT", "amount must be a positive decimal string, e.g. \"150.00\"");
    String currency = text(json.get("currency"));
    if (currency == null || !CURRENCY.matcher(currency).matches())
      throw new SimRejection("INVALID_CURRENCY", "currency must be an ISO 4217 code");
    String externalId = text(json.get("externalId"));
    if (externalId != null && externalId.length() > MAX_ID_CHARS)
      throw new SimRejection("INVALID_EXTERNAL_ID", "externalId is longer than " + MAX_ID_CHARS);
    JsonNode payee = json.get("payee");
    String partyIdType = payee == null ? null : text(payee.get("partyIdType"));
    String partyId = payee == null ? null : text(payee.get("partyId"));
    if (partyIdType == null || !PARTY_ID_TYPES.contains(partyIdType)
        || partyId == null || partyId.isEmpty() || partyId.length() > MAX_ID_CHARS)
      throw new SimRejection("INVALID_PAYEE", "payee needs partyIdType (MSISDN, EMAIL, PARTY_CODE) and partyId");
    String payerMessage = message(json, "payerMessage");
    String payeeNote = message(json, "payeeNote");
    return new TransferRequest(amount, currency, externalId, partyIdType, partyId, payerMessage, payeeNote);
  }

  private static String message(JsonNode json, String field) {
    String text = text(json.get(field));
    if (text != null && text.length() > MAX_MESSAGE_CHARS)
      throw new SimRejection("INVALID_MESSAGE", field + " is longer than " + MAX_MESSAGE_CHARS);
    return text;
  }

  private static String text(JsonNode node) {
    return node == null || !node.isTextual() ? null : node.asText();
  }
}
