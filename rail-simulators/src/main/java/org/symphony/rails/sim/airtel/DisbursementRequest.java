package org.symphony.rails.sim.airtel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated body of POST /standard/v2/disbursements/. Every field is bounded, so a ledger entry is too.
 *
 * @param amount the amount in major units with two decimals, e.g. "150.00" (parsed exactly, never as a double)
 */
record DisbursementRequest(
    String msisdn, String walletType, String reference, String amount, String transactionId) {

  // floats as BigDecimal: a JSON amount like 150.10 must not pass through a double
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final Pattern MSISDN = Pattern.compile("^[0-9]{9}$");
  private static final Pattern TRANSACTION_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
  private static final Set<String> WALLET_TYPES = Set.of("NORMAL", "SALARY");
  private static final int MAX_REFERENCE_CHARS = 64;
  private static final int MAX_PIN_CHARS = 1024;
  private static final int MAX_INTEGER_DIGITS = 15;
  private static final int AMOUNT_DECIMALS = 2;

  /** @throws SimRejection naming the first rule the body breaks */
  static DisbursementRequest parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SimRejection("request body is not valid JSON");
    }
    if (json == null || !json.isObject()) throw new SimRejection("request body must be a JSON object");

    JsonNode payee = json.path("payee");
    String msisdn = text(payee.get("msisdn"));
    if (msisdn == null) throw new SimRejection("payee.msisdn is required");
    if (!MSISDN.matcher(msisdn).matches())
      throw SimRejection.gateway(AirtelEnvelope.RESULT_INVALID_MSISDN_LENGTH,
          "Invalid MSISDN Length. MSISDN Length should be 9");
    String walletType = text(payee.get("wallet_type"));
    if (walletType == null) walletType = "NORMAL";
    if (!WALLET_TYPES.contains(walletType)) throw new SimRejection("payee.wallet_type must be NORMAL or SALARY");

    String reference = text(json.get("reference"));
    if (reference == null || reference.isBlank() || reference.length() > MAX_REFERENCE_CHARS)
      throw new SimRejection("reference must be 1.." + MAX_REFERENCE_CHARS + " characters");

    String pin = text(json.get("pin"));
    if (pin == null || pin.isEmpty() || pin.length() > MAX_PIN_CHARS || !isBase64(pin))
      throw new SimRejection("pin must be the encrypted PIN, base64-encoded");

    JsonNode transaction = json.path("transaction");
    String amount = amount(transaction.get("amount"));
    String transactionId = text(transaction.get("id"));
    if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches())
      throw new SimRejection("transaction.id must be 1..64 characters of [A-Za-z0-9._-]");
    if (!"B2C".equals(text(transaction.get("type")))) throw new SimRejection("transaction.type must be B2C");
    return new DisbursementRequest(msisdn, walletType, reference, amount, transactionId);
  }

  /** A positive JSON number (not a string) with at most two decimals, as plain text with exactly two. */
  private static String amount(JsonNode node) {
    if (node == null || !node.isNumber()) throw new SimRejection("transaction.amount must be a JSON number");
    BigDecimal value = node.decimalValue();
    BigDecimal stripped = value.stripTrailingZeros();
    // a number the service reads but cannot take: its published "Invalid Amount", not a gateway error
    if (value.signum() <= 0) throw SimRejection.refused(SimCode.INVALID_AMOUNT);
    if (stripped.scale() > AMOUNT_DECIMALS)
      throw new SimRejection("transaction.amount has more than " + AMOUNT_DECIMALS + " decimals");
    if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) throw SimRejection.refused(SimCode.INVALID_AMOUNT);
    return value.setScale(AMOUNT_DECIMALS, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static boolean isBase64(String text) {
    try {
      return Base64.getDecoder().decode(text).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String text(JsonNode node) {
    return node == null || !node.isTextual() ? null : node.asText();
  }
}
