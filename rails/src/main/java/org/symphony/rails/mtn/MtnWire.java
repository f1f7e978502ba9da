package org.symphony.rails.mtn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.http.HttpReply;
import org.symphony.rails.http.AccessToken;
import org.symphony.rails.http.WireText;

/** MTN MoMo Disbursement wire format: request bodies out, replies reduced to {@link RailResult}s in. */
final class MtnWire {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE_CHARS = 160; // MTN's limit for payerMessage / payeeNote
  private static final Pattern APOSTROPHES = Pattern.compile("['\u2018\u2019\u02BC]");

  private MtnWire() {}

  static byte[] transferBody(RailTransfer transfer, Creditor.MobileWallet payee) {
    ObjectNode body = JSON.createObjectNode();
    body.put("amount", transfer.amount().toDecimalString());
    body.put("currency", transfer.amount().currency().name());
    body.put("externalId", transfer.instructionId());
    ObjectNode party = body.putObject("payee");
    party.put("partyIdType", "MSISDN");
    party.put("partyId", payee.msisdn().substring(1)); // MTN wants the number without '+'
    String note = clip(withoutApostrophes(transfer.reference()));
    body.put("payerMessage", note);
    body.put("payeeNote", note);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Token endpoint reply → token; anything else is a protocol failure. */
  static AccessToken token(HttpReply reply, long nowNanos) {
    if (reply.status() != 200)
      throw new MtnProtocolException("token endpoint answered HTTP " + reply.status() + ": " + reply.bodyExcerpt());
    JsonNode json = parse(reply);
    String value = json.path("access_token").asText("");
    long expiresIn = json.path("expires_in").asLong(0);
    if (value.isEmpty() || expiresIn <= 0)
      throw new MtnProtocolException("token reply without access_token/expires_in: " + reply.bodyExcerpt());
    return AccessToken.issuedNow(value, Duration.ofSeconds(expiresIn), nowNanos);
  }

  /** GET /transfer/{id} reply → result. Only a well-formed answer is ever final or NotFound. */
  static RailResult statusResult(HttpReply reply) {
    if (reply.status() == 404) {
      // a 404 claims "never executed": believe it only from the API itself, not from a wrong URL/proxy
      return "RESOURCE_NOT_FOUND".equals(errorCode(reply))
          ? new RailResult.NotFound()
          : unknown("HTTP 404 without RESOURCE_NOT_FOUND", reply);
    }
    if (reply.status() != 200) return unknown("status query answered HTTP " + reply.status(), reply);
    JsonNode json;
    try {
      json = parse(reply);
    } catch (MtnProtocolException e) {
      return new RailResult.Unknown(e.getMessage());
    }
    String status = json.path("status").asText("");
    switch (status) {
      case "SUCCESSFUL":
        return new RailResult.Completed(textOrNull(json.get("financialTransactionId")));
      case "FAILED":
        return declined(json.get("reason"));
      case "PENDING":
        return new RailResult.InProgress();
      default:
        return unknown("unexpected transfer status '" + status + "'", reply);
    }
  }

  /** What a 500 on POST /transfer says, by its ErrorReason code (MtnErrorReason); anything unreadable is AskAgain. */
  sealed interface ServerError {
    record Refused(RailResult.Declined declined) implements ServerError {}

    record AlreadyExists() implements ServerError {}

    record AskAgain(RailResult.Unknown unknown) implements ServerError {}
  }

  static ServerError serverError(HttpReply reply) {
    String code = errorCode(reply);
    MtnErrorReason.OnDispatch meaning =
        MtnErrorReason.of(code).map(MtnErrorReason::onDispatch).orElse(MtnErrorReason.OnDispatch.ASK_AGAIN);
    switch (meaning) {
      case REFUSED:
        return new ServerError.Refused(new RailResult.Declined(code, errorMessage(reply)));
      case LOOK_UP:
        return new ServerError.AlreadyExists();
      default:
        return new ServerError.AskAgain(unknown("dispatch answered HTTP 500" + (code == null ? "" : " " + code), reply));
    }
  }

  /** A 400 on POST: a validation refusal is final only if MTN says which rule failed. */
  static RailResult badRequest(HttpReply reply) {
    String code = errorCode(reply);
    if (code == null) return unknown("HTTP 400 without an error code", reply);
    return new RailResult.Declined(code, errorMessage(reply));
  }

  static RailResult.Unknown unknown(String why, HttpReply reply) {
    return new RailResult.Unknown(why + (reply.body().isEmpty() ? "" : ": " + reply.bodyExcerpt()));
  }

  /** MTN sends the failure reason as {"code","message"}, older API versions as a bare string. */
  private static RailResult declined(JsonNode reason) {
    if (reason != null && reason.isObject()) {
      String code = reason.path("code").asText("");
      String message = reason.path("message").asText(code);
      return new RailResult.Declined(code.isEmpty() ? "UNSPECIFIED" : code, message);
    }
    if (reason != null && reason.isTextual() && !reason.asText().isEmpty())
      return new RailResult.Declined(reason.asText(), reason.asText());
    return new RailResult.Declined("UNSPECIFIED", "FAILED without a reason");
  }

  private static String errorCode(HttpReply reply) {
    try {
      String code = parse(reply).path("code").asText("");
      return code.isEmpty() ? null : code;
    } catch (MtnProtocolException e) {
      return null;
    }
  }

  private static String errorMessage(HttpReply reply) {
    try {
      return parse(reply).path("message").asText("");
    } catch (MtnProtocolException e) {
      return "";
    }
  }

  private static JsonNode parse(HttpReply reply) {
    try {
      JsonNode json = JSON.readTree(reply.body());
      if (json == null || !json.isObject()) throw new MtnProtocolException("reply is not a JSON object: " + reply.bodyExcerpt());
      return json;
    } catch (JsonProcessingException e) {
      throw new MtnProtocolException("malformed JSON reply: " + reply.bodyExcerpt());
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
  }

  /**
   * MTN refuses a body with an apostrophe in it (HTTP 400, "MoMo API Common Errors":
   * https://momodevelopercommunity.mtn.com/errors-46/momo-api-common-errors-82, "unsupported special characters in the
   * Body request for example an apostrophe"). The typographic ones go too: they are the same character to a payer.
   */
  static String withoutApostrophes(String text) {
    if (text == null) return "";
    return APOSTROPHES.matcher(text).replaceAll("");
  }

  /** At most MTN's 160 characters. */
  private static String clip(String text) {
    return WireText.clip(text, MAX_MESSAGE_CHARS);
  }
}
