package org.symphony.rails.airtel;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.airtel.AirtelResponseCode.Outcome;
import org.symphony.rails.http.HttpReply;
import org.symphony.rails.http.AccessToken;
import org.symphony.rails.http.WireText;

/**
 * Airtel Money Disbursement wire format: request bodies out, replies reduced to {@link RailResult}s in.
 * Outcomes are read from {@code status.response_code} and {@code data.transaction.status}; the HTTP
 * status only ever makes an answer less certain (a 5xx is never believed).
 */
final class AirtelWire {

  // BigDecimals written as plain text ("150.00"), never in exponent form
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final int MAX_REFERENCE_CHARS = 64;
  private static final int MAX_MESSAGE_CHARS = 200;

  /** The parts of an Airtel reply the adapter decides on (any of them may be missing: null). */
  record Reply(String responseCode, String message, String transactionStatus, String airtelMoneyId,
      String resultCode) {

    /** The published table's entry for the response code; empty for none or an unpublished one. */
    Optional<AirtelResponseCode> code() {
      return AirtelResponseCode.of(responseCode);
    }

    boolean is(AirtelResponseCode.Outcome outcome) {
      return code().map(c -> c.outcome() == outcome).orElse(false);
    }

    /** Airtel's words for a decline: the transaction's message, else the status message, else the table's. */
    String reason() {
      if (message != null && !message.isBlank()) return clip(message);
      Optional<AirtelResponseCode> known = code();
      if (known.isPresent()) return known.get().reason() + ": " + known.get().description();
      return responseCode == null ? "no reason given" : responseCode;
    }
  }

  private AirtelWire() {}

  // --- requests --------------------------------------------------------------------------------------

  static byte[] tokenRequestBody(String clientId, String clientSecret) {
    ObjectNode body = JSON.createObjectNode();
    body.put("client_id", clientId);
    body.put("client_secret", clientSecret);
    body.put("grant_type", "client_credentials");
    return write(body);
  }

  /**
   * A transfer Airtel is never asked to make, because it could not take it: declined before the call.
   * Empty when the transfer can be sent.
   */
  static Optional<RailResult.Declined> refusal(RailTransfer transfer, AirtelMoneySettings settings) {
    if (!(transfer.creditor() instanceof Creditor.MobileWallet))
      return Optional.of(new RailResult.Declined("UNSUPPORTED_CREDITOR", "Airtel Money pays mobile wallets only"));
    if (!transfer.amount().currency().name().equals(settings.currency()))
      return Optional.of(new RailResult.Declined("UNSUPPORTED_CURRENCY",
          "Airtel Money " + settings.country() + " pays in " + settings.currency() + " only"));
    if (transfer.amount().amountMinor() <= 0)
      return Optional.of(new RailResult.Declined("INVALID_AMOUNT", "amount must be positive"));
    if (nationalMsisdn((Creditor.MobileWallet) transfer.creditor(), settings).isEmpty())
      return Optional.of(new RailResult.Declined("INVALID_MSISDN",
          "payee is not a 9-digit " + settings.country() + " (+" + settings.callingCode() + ") mobile number"));
    return Optional.empty();
  }

  /** "+260961234567" → "961234567": Airtel wants the 9-digit national number without the country code. */
  static Optional<String> nationalMsisdn(Creditor.MobileWallet payee, AirtelMoneySettings settings) {
    String prefix = "+" + settings.callingCode();
    String msisdn = payee.msisdn();
    if (!msisdn.startsWith(prefix)) return Optional.empty();
    String national = msisdn.substring(prefix.length());
    return national.matches("^[0-9]{9}$") ? Optional.of(national) : Optional.empty();
  }

  /** The body of POST /standard/v2/disbursements/; call only when {@link #refusal} is empty. */
  static byte[] disbursementBody(RailTransfer transfer, AirtelMoneySettings settings) {
    String msisdn = nationalMsisdn((Creditor.MobileWallet) transfer.creditor(), settings)
        .orElseThrow(() -> new IllegalArgumentException("payee msisdn not sendable"));
    ObjectNode body = JSON.createObjectNode();
    ObjectNode payee = body.putObject("payee");
    payee.put("msisdn", msisdn);
    payee.put("wallet_type", "NORMAL");
    body.put("reference", reference(transfer));
    body.put("pin", settings.encryptedPin());
    ObjectNode transaction = body.putObject("transaction");
    // a JSON number in major units, exactly the decimal the participant wrote: never a double
    transaction.set("amount", DecimalNode.valueOf(new BigDecimal(transfer.amount().toDecimalString())));
    transaction.put("id", transfer.railKey().value()); // Airtel's idempotency key
    transaction.put("type", "B2C");
    return write(body);
  }

  private static String reference(RailTransfer transfer) {
    String text = transfer.reference() == null || transfer.reference().isBlank()
        ? transfer.instructionId()
        : transfer.reference();
    return WireText.clip(text, MAX_REFERENCE_CHARS);
  }

  // --- replies ---------------------------------------------------------------------------------------

  /** Token endpoint reply → token; anything else is a protocol failure. */
  static AccessToken token(HttpReply reply, long nowNanos) {
    if (reply.status() != 200)
      throw new AirtelProtocolException("token endpoint answered HTTP " + reply.status() + ": " + reply.bodyExcerpt());
    // a 200 body may hold a token: it never goes into a message (messages end up in events and logs)
    JsonNode json;
    try {
      json = parseObject(reply);
    } catch (AirtelProtocolException e) {
      throw new AirtelProtocolException("malformed token reply (" + reply.body().length() + " chars)");
    }
    String value = json.path("access_token").asText("");
    // Airtel has sent expires_in both as a number and as a numeric string
    long expiresIn = json.path("expires_in").asLong(0);
    if (value.isEmpty() || expiresIn <= 0)
      throw new AirtelProtocolException("token reply without access_token/expires_in");
    return AccessToken.issuedNow(value, Duration.ofSeconds(expiresIn), nowNanos);
  }

  /** True when the disbursement reply says the transaction id was used before (resolve by enquiry). */
  static boolean isDuplicate(HttpReply reply) {
    if (reply.status() >= 500) return false;
    return readReply(reply).map(r -> r.is(Outcome.DUPLICATE_ID)).orElse(false);
  }

  /**
   * POST /disbursements reply → result. Only a published refusal (or a gateway validation refusal of a
   * request that created nothing) is final; a duplicate reads as Unknown here, the rail resolves it by enquiry.
   */
  static RailResult dispatchResult(HttpReply reply) {
    if (reply.status() >= 500) return unknown("disbursement answered HTTP " + reply.status(), reply);
    Optional<Reply> parsed = readReply(reply);
    if (parsed.isEmpty()) return unknown("malformed disbursement reply (HTTP " + reply.status() + ")", reply);
    Reply r = parsed.get();
    Optional<AirtelResponseCode> code = r.code();
    if (code.isEmpty()) return unpublishedCodeOnDispatch(r, reply);
    String status = r.transactionStatus();
    switch (code.get().outcome()) {
      case SUCCESS:
        if ("TS".equals(status)) return new RailResult.Completed(r.airtelMoneyId());
        if (status == null || "TIP".equals(status)) return new RailResult.InProgress();
        return unknown(r.responseCode() + " with transaction status " + status, reply);
      case PROCESSING:
        if (status == null || "TIP".equals(status)) return new RailResult.InProgress();
        return unknown(r.responseCode() + " with transaction status " + status, reply);
      case REFUSED:
        // a refusal of a transaction Airtel shows as executed, pending or ambiguous contradicts itself
        if (status != null && !"TF".equals(status))
          return unknown(r.responseCode() + " with transaction status " + status, reply);
        return new RailResult.Declined(r.responseCode(), r.reason());
      case DUPLICATE_ID:
        return unknown("duplicate transaction id not resolved by an enquiry", reply);
      default: // ENQUIRE, SIMILAR_EXISTS, NOT_FOUND: not final at dispatch, the status enquiry decides
        return unknown(r.responseCode() + " (" + code.get().reason() + ")", reply);
    }
  }

  /** No published response code: final only for a gateway validation refusal (nothing was created). */
  private static RailResult unpublishedCodeOnDispatch(Reply r, HttpReply reply) {
    Optional<AirtelGatewayCode> validation = AirtelGatewayCode.validationRefusal(r.resultCode());
    if (r.responseCode() == null && reply.status() == 400 && validation.isPresent())
      return new RailResult.Declined(validation.get().code(),
          r.message() == null ? validation.get().description() : clip(r.message()));
    return unknown("disbursement answered HTTP " + reply.status() + " with response_code " + r.responseCode()
        + " and result_code " + r.resultCode(), reply);
  }

  /**
   * GET /disbursements/{id} reply → result. The transaction status decides; the response code can only
   * veto a final reading it contradicts. NotFound only for Airtel's DP00900001015 with no transaction.
   */
  static RailResult enquiryResult(HttpReply reply) {
    if (reply.status() >= 500) return unknown("enquiry answered HTTP " + reply.status(), reply);
    Optional<Reply> parsed = readReply(reply);
    if (parsed.isEmpty())
      return unknown((reply.status() == 404 ? "HTTP 404 without an Airtel envelope" : "malformed enquiry reply")
          + " (HTTP " + reply.status() + ")", reply);
    Reply r = parsed.get();
    if (r.is(Outcome.NOT_FOUND)) return notFound(r, reply);
    // a 404 claims "never executed": believe it only with Airtel's own code, not from a wrong URL or proxy
    if (reply.status() == 404) return unknown("HTTP 404 without " + AirtelResponseCode.TRANSACTION_NOT_FOUND.code(), reply);
    Optional<Outcome> outcome = r.code().map(AirtelResponseCode::outcome);
    String status = r.transactionStatus() == null ? "" : r.transactionStatus();
    switch (status) {
      case "TS":
        return outcome.equals(Optional.of(Outcome.SUCCESS))
            ? new RailResult.Completed(r.airtelMoneyId())
            : unknown("TS with response_code " + r.responseCode(), reply);
      case "TF":
        return declinedByEnquiry(r, outcome, reply);
      case "TIP":
        return outcome.equals(Optional.of(Outcome.REFUSED))
            ? unknown("TIP with response_code " + r.responseCode(), reply)
            : new RailResult.InProgress();
      case "TA":
        return unknown("transaction ambiguous (TA)", reply);
      default:
        // TE (expired) is published for collections, not disbursements: not read as final here
        if (outcome.equals(Optional.of(Outcome.PROCESSING))) return new RailResult.InProgress();
        return unknown("enquiry without a usable transaction status (status " + r.transactionStatus()
            + ", response_code " + r.responseCode() + ")", reply);
    }
  }

  /** DP00900001015 on an enquiry of our id: no such transaction, unless the same reply shows one. */
  private static RailResult notFound(Reply r, HttpReply reply) {
    boolean fromTheApi = reply.status() == 200 || reply.status() == 404;
    if (fromTheApi && r.transactionStatus() == null) return new RailResult.NotFound();
    return unknown(r.responseCode() + " with HTTP " + reply.status() + " and transaction status "
        + r.transactionStatus(), reply);
  }

  /** TF is Airtel's final word, unless the response code says the answer itself is not settled. */
  private static RailResult declinedByEnquiry(Reply r, Optional<Outcome> outcome, HttpReply reply) {
    if (outcome.isEmpty()) // a code outside the table: TF still says the transaction failed
      return new RailResult.Declined(r.responseCode() == null ? "TF" : r.responseCode(), r.reason());
    switch (outcome.get()) {
      case REFUSED:
        return new RailResult.Declined(r.responseCode(), r.reason());
      case SUCCESS: // the enquiry itself succeeded; the transaction failed
        return new RailResult.Declined("TF", r.reason());
      default:
        return unknown("TF with response_code " + r.responseCode(), reply);
    }
  }

  static RailResult.Unknown unknown(String why, HttpReply reply) {
    return new RailResult.Unknown(why + (reply.body().isEmpty() ? "" : ": " + reply.bodyExcerpt()));
  }

  /** The Airtel envelope {"data":{"transaction":{…}},"status":{…}}; empty when the body is not JSON. */
  static Optional<Reply> readReply(HttpReply reply) {
    JsonNode json;
    try {
      json = parseObject(reply);
    } catch (AirtelProtocolException e) {
      return Optional.empty();
    }
    JsonNode status = json.path("status");
    JsonNode transaction = json.path("data").path("transaction");
    String message = text(transaction.get("message"));
    if (message == null) message = text(status.get("message"));
    return Optional.of(new Reply(
        text(status.get("response_code")), message, text(transaction.get("status")),
        text(transaction.get("airtel_money_id")), text(status.get("result_code"))));
  }

  private static JsonNode parseObject(HttpReply reply) {
    try {
      JsonNode json = JSON.readTree(reply.body());
      if (json == null || !json.isObject())
        throw new AirtelProtocolException("reply is not a JSON object: " + reply.bodyExcerpt());
      return json;
    } catch (JsonProcessingException e) {
      throw new AirtelProtocolException("malformed JSON reply: " + reply.bodyExcerpt());
    }
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isContainerNode()) return null;
    String text = node.asText();
    return text.isEmpty() ? null : text;
  }

  private static String clip(String text) {
    return WireText.clip(text, MAX_MESSAGE_CHARS);
  }

  private static byte[] write(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of plain values always serializes", e);
    }
  }
}
