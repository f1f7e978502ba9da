package org.symphony.rails.airtel;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Airtel Money's published disbursement response codes ({@code status.response_code}), one entry per code:
 * the code, Airtel's reason and description, and what the code means for a transfer ({@link Outcome}).
 * Airtel often answers with HTTP 200 and {@code success:false}, so outcomes are read from these codes, never
 * from the HTTP status alone.
 *
 * <p>Source: Airtel Africa developer portal, "Disbursement APIs → Error codes"
 * (https://developers.airtel.africa/documentation/disbursement-apis, and the country portals, e.g.
 * https://developers.airtel.ug/documentation/disbursement-apis/error-codes). Reasons and descriptions below
 * are Airtel's words. A code outside this table is never read as final.
 */
public enum AirtelResponseCode {
  AMBIGUOUS("DP00900001000", "Ambiguous",
      "The transaction is still processing and is in ambiguous state; do the transaction enquiry", Outcome.ENQUIRE),
  SUCCESS("DP00900001001", "Success", "Transaction is successful", Outcome.SUCCESS),
  MAXIMUM_LIMIT_REACHED("DP00900001003", "Maximum transaction limit reached",
      "Maximum transaction limit reached for the day", Outcome.REFUSED),
  INVALID_AMOUNT("DP00900001004", "Invalid Amount",
      "Amount entered is out of range with respect to defined limits", Outcome.REFUSED),
  FAILED("DP00900001005", "Failed", "Transaction failed", Outcome.REFUSED),
  PROCESSING("DP00900001006", "Processing", "Transaction is in process", Outcome.PROCESSING),
  INSUFFICIENT_FUNDS("DP00900001007", "Insufficient Funds",
      "Not enough funds in account to complete the transaction", Outcome.REFUSED),
  INVALID_INITIATEE("DP00900001009", "Invalid Initiatee", "Initiatee of the transaction is invalid", Outcome.REFUSED),
  USER_NOT_ALLOWED("DP00900001010", "User not allowed", "Payer is not an allowed user", Outcome.REFUSED),
  /**
   * Some integrations get this for a reused transaction id: it does not say whether OUR transaction exists,
   * so only an enquiry under our own id decides.
   */
  TRANSACTION_NOT_ALLOWED("DP00900001011", "Transaction not allowed",
      "Transaction with similar information already exists in this system", Outcome.SIMILAR_EXISTS),
  INVALID_MOBILE_NUMBER("DP00900001012", "Invalid mobile number", "Mobile number entered is incorrect",
      Outcome.REFUSED),
  REFUSED("DP00900001013", "Refused", "The transaction was refused", Outcome.REFUSED),
  TIMED_OUT("DP00900001014", "Transaction Timed Out",
      "The transaction may be processed or failed due to time out; do the transaction enquiry", Outcome.ENQUIRE),
  TRANSACTION_NOT_FOUND("DP00900001015", "Transaction Not Found", "The transaction was not found",
      Outcome.NOT_FOUND),
  FORBIDDEN("DP00900001016", "Forbidden", "X-signature and payload did not match", Outcome.REFUSED),
  DUPLICATE_TRANSACTION_ID("DP00900001017", "Duplicate transaction Id",
      "Duplicate Transaction Id; to know the status of the actual transaction, do transaction enquiry",
      Outcome.DUPLICATE_ID);

  /** What a code tells the adapter. */
  public enum Outcome {
    /** The call succeeded; the transaction status (TS, TIP…) says how far the transfer got. */
    SUCCESS,
    /** A published refusal: the transfer was not executed and will not be. */
    REFUSED,
    /** Accepted and being processed. */
    PROCESSING,
    /** Not final (ambiguous, timed out): the money may or may not have moved; an enquiry tells. */
    ENQUIRE,
    /** Ambiguous about whether our transaction exists: an enquiry by our own id decides. */
    SIMILAR_EXISTS,
    /** No transaction under the enquired id: believed only on an enquiry. */
    NOT_FOUND,
    /** The id was used before: what counts is that earlier transaction, found by enquiry. */
    DUPLICATE_ID
  }

  private static final Map<String, AirtelResponseCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AirtelResponseCode::code, Function.identity()));

  private final String code;
  private final String reason;
  private final String description;
  private final Outcome outcome;

  AirtelResponseCode(String code, String reason, String description, Outcome outcome) {
    this.code = code;
    this.reason = reason;
    this.description = description;
    this.outcome = outcome;
  }

  /** The table's entry for a {@code response_code}; empty for null or a code Airtel has not published. */
  public static Optional<AirtelResponseCode> of(String responseCode) {
    return Optional.ofNullable(responseCode == null ? null : BY_CODE.get(responseCode));
  }

  public String code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public String description() {
    return description;
  }

  public Outcome outcome() {
    return outcome;
  }
}
